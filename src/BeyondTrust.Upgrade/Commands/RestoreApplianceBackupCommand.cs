using System.Management.Automation;
using System.Security;
using BeyondTrust.Upgrade.Client.Errors;
using BeyondTrust.Upgrade.Client.Models;
using BeyondTrust.Upgrade.Client.Workflows;
using BeyondTrust.Upgrade.Infrastructure;

namespace BeyondTrust.Upgrade.Commands;

/// <summary>
/// <para type="synopsis">Restores a settings backup onto an appliance (overwrites its failover settings and Inter-Appliance key).</para>
/// </summary>
[Cmdlet(VerbsData.Restore, "ApplianceBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(RestoreResult))]
public sealed class RestoreApplianceBackupCommand : SessionItemCmdlet
{
    /// <summary>The backup file.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The backup's password, when it is protected.</summary>
    [Parameter]
    public SecureString? Password { get; set; }

    /// <summary>Restore onto a member of a failover pair too (the guard override: -Force does not lift it).</summary>
    [Parameter]
    public SwitchParameter AllowFailoverMember { get; set; }

    /// <summary>Restore a backup taken on another site version than the appliance runs (refused otherwise, RestoreVersionMismatch).</summary>
    [Parameter]
    public SwitchParameter AllowVersionMismatch { get; set; }

    /// <summary>Restore without a confirmation prompt (-WhatIf still applies; the failover-member guard still refuses).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc />
    protected override void ProcessRecord()
    {
        var session = ResolveSession();
        RequireApiCredential(session);
        RequireNotHeldByPlan(session, "restore a backup");
        var path = ReadableFile(Path, "-Path");
        if (path is null)
        {
            return;
        }

        try
        {
            var check = Run(ct => Restores.CheckAsync(session, path, Password, AllowFailoverMember, AllowVersionMismatch, ct));
            foreach (var note in check.Notes)
            {
                WriteWarning(note);
            }

            WriteWarning("Restoring overwrites the failover settings and the Inter-Appliance key of " + session.Name + ".");
            if (!ShouldProceed(session.Name + " (" + session.Profile.DisplayName + ") from " + path, "Restore backup", Force))
            {
                return;
            }

            var result = RunWithProgress((progress, ct) => Restores.RunAsync(session, path, Password, progress, ct),
                1, "Restoring " + System.IO.Path.GetFileName(path) + " on " + session.Name);
            WriteWarning("The backup did not carry, so bring over by other means: " + string.Join("; ", result.NotInBackup) + ".");
            WriteObject(result);
        }
        catch (ApplianceException ex)
        {
            WriteFailure(ex, path);
        }
    }
}
