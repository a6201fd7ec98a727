using System;
using System.Management.Automation;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Ledger;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Records that a person did a page action that no documented API can see (guided sessions), so that the run waiting for it, or the next one, goes on.</para>
/// <para type="description">On a real appliance, a few page actions leave no trace in the vendor's documented API: installing the Base Software updates the Updates page lists, the Appliance Download Key, a certificate export, the Inter-Appliance key, a restore, and on an Atlas cluster the software download, Distribute to Cluster, Cluster Sync Now and Enable Backup Operations. At a console the module asks whether they are done; an unattended run stops with OperatorActionRequired instead. After doing the action on the page, record it here (from any PowerShell on the machine that runs the module): a run with Connect-Appliance -OperatorMode Wait that is waiting goes on, and otherwise the next run of the same command takes it as done, once.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Complete, "ApplianceOperatorAction", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ApplianceRecordCmdlet.SessionSet)]
[OutputType(typeof(ApplianceRecord))]
public sealed class CompleteApplianceOperatorActionCommand : ApplianceRecordCmdlet
{
    /// <summary>The page action that was done (the Action of the instruction or of the OperatorActionRequired error).</summary>
    [Parameter(Mandatory = true)]
    [ValidateSet("updates.install-base", "updates.manual", "download-key", "certificates.export", "failover.key", "backup.restore",
        "software.download", "cluster.distribute", "cluster.sync", "failover.backup-operations")]
    public string Action { get; set; } = string.Empty;

    /// <summary>Return the appliance's record afterwards.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var ledger = ApplianceLedger.ForCurrentUser();
        foreach (var (uri, name, session) in Targets())
        {
            if (!ShouldProcess(name, "Record that " + Action + " was done on the page"))
            {
                continue;
            }

            try
            {
                ledger.RecordOperatorConfirmation(uri, Action, DateTimeOffset.UtcNow);
                WriteVerbose("Recorded for " + name + ": " + Action + " is done (" + ledger.PathOf(uri) + ").");
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
}
