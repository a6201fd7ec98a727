using System.Threading.Tasks;

namespace BeyondTrust.Upgrade.Client.Plans.Steps.Cluster;

/// <summary>Enable Backup Operations on the step's master, checked or cleared (seed 002: cleared on B once it is the
/// primary, checked on A at the end). Not destructive: a resumed run sets it again.</summary>
internal sealed class BackupOperationsStep : PlanStepExecutor
{
    private readonly bool _enabled;

    public BackupOperationsStep(bool enabled) => _enabled = enabled;

    public override Task ActAsync(StepContext c) => c.Session().Client.Management.SetBackupOperationsAsync(_enabled, c.Token);
}
