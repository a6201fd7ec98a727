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
[Cmdlet(VerbsData.Save, "AppliancePackage", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Name")]
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

    /// <summary>The packages to download, by name (wildcards allowed). A downloaded package leaves the appliance's list
    /// for good. Without -Name (and without -All) the cmdlet downloads nothing and lists what the key offers.</summary>
    [Parameter(ParameterSetName = "Name")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>Download every package the key offers, after a warning and a prompt (each then leaves the appliance's list
    /// for good, and the automatic path can no longer be planned with them).</summary>
    [Parameter(Mandatory = true, ParameterSetName = "All")]
    public SwitchParameter All { get; set; }

    /// <summary>With -All: download every package without the prompt (-WhatIf still applies).</summary>
    [Parameter(ParameterSetName = "All")]
    public SwitchParameter Force { get; set; }

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

    /// <summary>The progress activity of a package download.</summary>
    internal const int PackageActivityId = 32;

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
                if (!ConfirmSelection(catalog.Packages.Select(p => p.Name).ToList(), server))
                {
                    return;
                }

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
                        WriteObject(RunWithTransferProgress((progress, ct) => client.DownloadPackageAsync(package, folder, signingKey, ct, progress),
                            PackageActivityId, "Downloading " + package.Name + " from " + server.Authority));
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

    /// <summary>Downloading every listed package takes -All and, unless -Force, a yes to a prompt: each package leaves the
    /// appliance's list for good (GUIDE-RULES.md §2 rule 5). Without -Name and -All nothing is downloaded.</summary>
    private bool ConfirmSelection(System.Collections.Generic.IReadOnlyList<string> offered, Uri server)
    {
        var names = offered.Count == 0 ? "none" : string.Join(", ", offered);
        if (Name is null && !All)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("Name the packages to download with -Name (the key offers: " + names
                + "), or pass -All to download every one of them. Each package downloads once and then leaves the appliance's update list for good."),
                WorkflowErrorIds.PackageSelectionRequired, ErrorCategory.InvalidArgument, offered.ToArray()));
        }

        if (!All || offered.Count == 0)
        {
            return true;
        }

        var warning = "-All downloads every package the key offers (" + names + "): each then leaves the appliance's update list for good, "
            + "and the automatic path (Install This Update) can no longer be planned with them.";
        WriteWarning(warning);
        var whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var bound)
            ? LanguagePrimitives.IsTrue(bound)
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));
        return Force || whatIf || ShouldContinue(warning + " Download all " + offered.Count + " from " + server.Authority + "?", "Download every package");
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
