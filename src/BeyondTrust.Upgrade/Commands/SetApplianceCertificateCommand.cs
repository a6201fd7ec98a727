using System;
using System.Linq;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Migration;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Profiles;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Makes a certificate serve the site the product's way: Assign IP (Remote Support, Bomgar) or the Default certificate (Privileged Remote Access).</para>
/// </summary>
[Cmdlet(VerbsCommon.Set, "ApplianceCertificate", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(ApplianceCertificate))]
public sealed class SetApplianceCertificateCommand : SessionItemCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string IdSet = "Id";

    /// <summary>The certificate, from Get-ApplianceCertificate or Import-ApplianceCertificate.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public ApplianceCertificate? InputObject { get; set; }

    /// <summary>The certificate's id (Get-ApplianceCertificate's Id).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = IdSet)]
    [ValidateNotNullOrEmpty]
    public string? Id { get; set; }

    /// <summary>Remote Support and Bomgar: the addresses to assign it to (default: the appliance's unique, non-shared addresses). Not on Privileged Remote Access, which serves a Default certificate.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? IpAddress { get; set; }

    /// <summary>Serve a certificate with warnings anyway (expired, not yet valid, chain incomplete, hostname mismatch).</summary>
    [Parameter]
    public SwitchParameter AllowCertificateWarning { get; set; }

    /// <summary>Change it without a confirmation prompt (-WhatIf still applies).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        ApplianceSession? session;
        ApplianceCertificate? certificate;
        if (ParameterSetName == InputObjectSet)
        {
            if (InputObject is null)
            {
                WriteNullInput("-InputObject");
                return;
            }

            session = ResolveSessionFor(InputObject.BaseUri, InputObject);
            certificate = InputObject;
            if (session is null)
            {
                return;
            }
        }
        else
        {
            session = ResolveSession();
            certificate = null;
        }

        RequireApplianceCredential(session);
        RequireNotHeldByPlan(session, "change the certificate that serves the site");
        try
        {
            if (certificate is null)
            {
                certificate = Run(ct => Certificates.FindAsync(session, Id!, ct));
            }

            var addresses = Certificates.CheckServe(session, certificate, IpAddress, AllowCertificateWarning);
            var how = session.Profile.CertificateServingMode == CertificateServingMode.Default
                ? "Make it the Default certificate (it serves the site)"
                : "Assign IP " + (addresses is { Count: > 0 } ? string.Join(", ", addresses) : "(the appliance's unique addresses)") + " to it, Save Configuration";
            if (!ShouldProceed(certificate.IssuedTo + " (" + certificate.Thumbprint + ") on " + session.Name + " (" + session.Profile.DisplayName + ")", how, Force))
            {
                return;
            }

            WriteObject(Run(ct => Certificates.ServeAsync(session, certificate, addresses, AllowCertificateWarning, ct)));
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, (object?)certificate ?? Id);
        }
    }
}
