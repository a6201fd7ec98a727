using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Files;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;
using BeyondTrust.Upgrade.Client.Workflows;
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
    /// for good. Without -Name (and without -All) the cmdlet downloads nothing and stops with PackageSelectionRequired,
    /// which lists what the key offers.</summary>
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
        var updateServer = UpdateServer is null ? null : Require(() => AddressRules.UpdateServer(UpdateServer));
        RequireCertificateOptions(SkipCertificateCheck, CertificateThumbprint, CertificateThumbprint);

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

        var server = updateServer ?? profile.UpdateServer;
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
                PackageSelection selection;
                try
                {
                    selection = PackageDownloads.Select(catalog.Packages, Name, All, profile);
                }
                catch (ApplianceException ex)
                {
                    ThrowFailure(ex);
                    return;
                }

                if (All && !ConfirmAll(catalog.Packages, server))
                {
                    return;
                }

                foreach (var gone in selection.NotOffered)
                {
                    WriteFailure(gone);
                }

                foreach (var package in selection.Packages)
                {
                    if (!ShouldProcess(package.Name + " from " + server.Authority + " to " + folder, "Download (the package then leaves the appliance's update list)"))
                    {
                        continue;
                    }

                    try
                    {
                        WriteObject(RunWithTransferProgress((progress, ct) => PackageDownloads.DownloadAsync(client, package, folder, signingKey, profile, progress, ct),
                            PackageActivityId, "Downloading " + package.Name + " from " + server.Authority));
                    }
                    catch (ApplianceException ex)
                    {
                        WriteFailure(ex, package);
                    }
                }
            }
            catch (ApplianceException ex)
            {
                WriteFailure(PackageDownloads.WithSupportAdvice(ex, profile), server);
            }
        }
    }

    /// <summary>Downloading every listed package takes -All and, unless -Force, a yes to a prompt: each package leaves the
    /// appliance's list for good (GUIDE-RULES.md §2 rule 5).</summary>
    private bool ConfirmAll(IReadOnlyList<PackageInfo> offered, Uri server)
    {
        if (offered.Count == 0)
        {
            return true;
        }

        var warning = PackageDownloads.AllWarning(offered);
        WriteWarning(warning);
        return Force || IsWhatIf || ShouldContinue(warning + " Download all " + offered.Count + " from " + server.Authority + "?", "Download every package");
    }
}
