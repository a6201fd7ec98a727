using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Exchanges an Appliance Download Key at the vendor update server for package files, verified and saved to disk.</para>
/// </summary>
[Cmdlet(VerbsData.Save, "AppliancePackage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(DownloadedPackage))]
public sealed class SaveAppliancePackageCommand : ApplianceCmdlet
{
    /// <summary>The Appliance Download Key, verbatim (the armoured block from Get-ApplianceDownloadKey).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Key { get; set; } = string.Empty;

    /// <summary>The folder to save the package files in.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Only packages whose name matches (wildcards allowed). A downloaded package leaves the appliance's list for good.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>The product line, which names the update server (update.bomgar.com or btupdate.com); taken from a piped download key. Default Rs.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public ProductLine Product { get; set; } = ProductLine.Rs;

    /// <summary>The update server's https address, when not the product's own (a lab, a proxy).</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? UpdateServer { get; set; }

    /// <summary>Accept exactly the update server certificate with this thumbprint.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificateThumbprint { get; set; }

    /// <summary>Do not verify the update server's certificate (warned).</summary>
    [Parameter]
    public SwitchParameter SkipCertificateCheck { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var profile = ProductProfile.For(Product);
        string folder;
        try
        {
            folder = PathRules.RequireWritableFolder(ResolveFilePath(Path), "-Path");
        }
        catch (ApplianceException ex)
        {
            ThrowFailure(ex);
            return;
        }

        var server = UpdateServer ?? profile.UpdateServer;
        if (SkipCertificateCheck)
        {
            WriteWarning(string.Format(Messages.SkipCertificateWarning, server.Authority));
        }

        UpdateServerClient client;
        try
        {
            client = new UpdateServerClient(new UpdateServerOptions(server) { CertificateThumbprint = CertificateThumbprint, SkipCertificateCheck = SkipCertificateCheck });
        }
        catch (Exception ex) when (ex is ArgumentException || ex is FormatException)
        {
            ThrowTerminatingError(NewErrorRecord(ex, WorkflowErrorIds.InvalidUpdateServer, ErrorCategory.InvalidArgument, server));
            return;
        }

        using (client)
        {
            try
            {
                var catalog = Run(ct => client.GetPackagesAsync(Key, ct));
                var signingKey = Run(ct => client.GetSigningKeyAsync(ct));
                var patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToList();
                foreach (var name in Name ?? new string[0])
                {
                    if (!WildcardPattern.ContainsWildcardCharacters(name) && !catalog.Packages.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
                    {
                        var gone = new ApplianceException(ErrorIds.PackageNoLongerAvailable, ApplianceErrorCategory.ObjectNotFound,
                            name + " is not offered for this key: a package downloads once and leaves the list once downloaded or installed.", name);
                        WriteError(WithSupportPointer(ToErrorRecord(gone, name), gone, profile));
                    }
                }

                foreach (var package in catalog.Packages.Where(p => patterns is null || patterns.Any(w => w.IsMatch(p.Name))))
                {
                    if (!ShouldProcess(package.Name + " from " + server.Authority + " to " + folder, "Download (the package then leaves the appliance's update list)"))
                    {
                        continue;
                    }

                    try
                    {
                        WriteObject(Run(ct => client.DownloadPackageAsync(package, folder, signingKey, ct)));
                    }
                    catch (ApplianceException ex)
                    {
                        WriteError(WithSupportPointer(ToErrorRecord(ex, package), ex, profile));
                    }
                }
            }
            catch (ApplianceException ex)
            {
                WriteError(WithSupportPointer(ToErrorRecord(ex, server), ex, profile));
            }
        }
    }

    private static ErrorRecord WithSupportPointer(ErrorRecord record, ApplianceException ex, ProductProfile profile)
    {
        if (ex.ErrorId == ErrorIds.PackageNoLongerAvailable || ex.ErrorId == ErrorIds.DownloadKeyInvalid)
        {
            record.ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = "Contact " + profile.SupportPointer + " to download it again." };
        }

        return record;
    }
}
