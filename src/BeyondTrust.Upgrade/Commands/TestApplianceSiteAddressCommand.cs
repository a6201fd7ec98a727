using System;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Failover;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Tests that the site address (the primary hostname) answers from this appliance, waiting up to -Timeout (after a DNS or NAT switch).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "ApplianceSiteAddress")]
[OutputType(typeof(SiteAddressCheck), typeof(bool))]
public sealed class TestApplianceSiteAddressCommand : SessionCmdlet
{
    /// <summary>The site address, for example https://support.example.com.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public Uri SiteAddress { get; set; } = null!;

    /// <summary>The site must present the certificate with this thumbprint (SHA-1 or SHA-256), for example the old appliance's after a hardware migration; another certificate fails the test (nothing is sent to it).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificateThumbprint { get; set; }

    /// <summary>How long to wait for the site to answer from this appliance. Default: check once.</summary>
    [Parameter]
    [ValidateTimeSpanRange(0, 24 * 60 * 60)]
    public TimeSpan Timeout { get; set; } = TimeSpan.Zero;

    /// <summary>Return only $true (the site answers from this appliance) or $false, for a gate.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    /// <summary>The progress activity of the wait.</summary>
    internal const int SiteWaitActivityId = 33;

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var siteUri = Require(() => AddressRules.SiteAddress(SiteAddress));
        RequireThumbprint(CertificateThumbprint, "-CertificateThumbprint");
        var session = ResolveSession();
        RequireApiCredential(session);
        try
        {
            var site = new SiteAddress(siteUri, CertificateThumbprint);
            var activity = "Waiting for " + SiteAddress + " to answer from " + session.Name;
            var result = RunPumped((dispatcher, ct) => ApplianceVerifier.WaitServedByAsync(session, site, Timeout, TimeSpan.FromSeconds(1), ct,
                new DispatchedProgress<SiteWaitProgress>(dispatcher, report => WriteProgress(new ProgressRecord(SiteWaitActivityId, activity,
                    "Answers from " + (report.ServedBy ?? "no appliance") + " so far; " + Math.Ceiling(report.Remaining.TotalSeconds) + " s left")
                {
                    PercentComplete = report.PercentComplete,
                    SecondsRemaining = (int)Math.Ceiling(report.Remaining.TotalSeconds),
                }))), SiteWaitActivityId, activity, () => null);
            if (!result.Passed)
            {
                var elsewhere = result.ExpectedThumbprint is not null && result.PresentedThumbprint is not null
                    && !string.Equals(result.ExpectedThumbprint, result.PresentedThumbprint, StringComparison.OrdinalIgnoreCase) && result.ExpectedThumbprint.Length == result.PresentedThumbprint.Length
                    ? SiteAddress + " presents the certificate " + result.PresentedThumbprint + ", not " + result.ExpectedThumbprint + "."
                    : SiteAddress + " answers from " + (result.ServedBy ?? "no appliance") + ", not " + result.Expected + ".";
                if (Quiet)
                {
                    WriteVerbose(elsewhere);
                }
                else
                {
                    WriteWarning(elsewhere);
                }
            }

            WriteObject(Quiet ? result.Passed : result);
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, session);
            if (Quiet)
            {
                WriteObject(false);
            }
        }
    }
}
