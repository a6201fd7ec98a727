using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Client.Sessions;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Clears the hands-off mark that a failed Base install left on an appliance, once Support has looked at it.</para>
/// </summary>
[Cmdlet(VerbsCommon.Clear, "ApplianceHandsOff", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ApplianceRecordCmdlet.SessionSet)]
[OutputType(typeof(ApplianceRecord))]
public sealed class ClearApplianceHandsOffCommand : ApplianceRecordCmdlet
{
    /// <summary>Clear without asking for confirmation (-WhatIf still applies).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Clear the hold an upgrade plan put on the appliance's configuration (an Atlas plan's Appliance A) instead
    /// of a hands-off mark: for a plan you abandoned. A plan that runs again puts it back while it needs it.</summary>
    [Parameter]
    public SwitchParameter PlanHold { get; set; }

    /// <summary>Write the appliance's record afterwards (also when it had no mark).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var ledger = ApplianceLedger.ForCurrentUser();
        foreach (var (uri, name, session) in Targets())
        {
            try
            {
                var record = ledger.Read(uri);
                if (PlanHold)
                {
                    ClearPlanHold(ledger, uri, name, record);
                    continue;
                }

                if (record.HandsOffReason is null)
                {
                    WriteVerbose(name + " is not marked hands-off in " + ledger.PathOf(uri) + ".");
                    (session ?? SessionRegistry.Find(uri))?.RefreshHandsOff(); // cleared elsewhere: the session learns it
                    if (PassThru)
                    {
                        WriteObject(record);
                    }

                    continue;
                }

                var since = record.HandsOffAt is { } at ? " since " + at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : string.Empty;
                var support = session?.Profile.SupportPointer ?? "Support";
                if (!ShouldProceed(name + " (hands-off" + since + ": " + record.HandsOffReason + ")",
                    "Clear the hands-off mark: installs and plans may act on the appliance again. Do this only after " + support + " has looked at it", Force))
                {
                    continue;
                }

                ledger.ClearHandsOff(uri);
                (session ?? SessionRegistry.Find(uri))?.RefreshHandsOff();
                WriteVerbose("Cleared the hands-off mark of " + name + ".");
                if (PassThru)
                {
                    WriteObject(ledger.Read(uri));
                }
            }
            catch (ApplianceException ex)
            {
                WriteFailure(ex, (object?)session ?? name);
            }
        }
    }

    private void ClearPlanHold(ApplianceLedger ledger, Uri uri, string name, ApplianceRecord record)
    {
        if (string.IsNullOrEmpty(record.HeldByPlan))
        {
            WriteVerbose(name + " is not held by an upgrade plan in " + ledger.PathOf(uri) + ".");
        }
        else if (ShouldProceed(name + " (held by upgrade plan " + record.HeldByPlan + ": " + record.HeldReason + ")",
            "Clear the plan's hold: configuration cmdlets may change the appliance again. Do this only for a plan you abandoned", Force))
        {
            ledger.Update(uri, r =>
            {
                r.HeldByPlan = null;
                r.HeldReason = null;
            });
            WriteVerbose("Cleared the hold of upgrade plan " + record.HeldByPlan + " on " + name + ".");
        }
        else
        {
            return;
        }

        if (PassThru)
        {
            WriteObject(ledger.Read(uri));
        }
    }
}
