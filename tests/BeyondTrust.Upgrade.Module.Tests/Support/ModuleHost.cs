using BeyondTrust.Upgrade.Rehearsal.Hosting;

namespace BeyondTrust.Upgrade.Module.Tests.Support;

/// <summary>One PowerShell with the staged module imported, no lab, shared by the tests of a class that only read
/// the module (help, manifest).</summary>
public sealed class ModuleHost : IDisposable
{
    public RunbookHost Host { get; } = new(Repository.StagedManifest);

    public void Dispose() => Host.Dispose();
}
