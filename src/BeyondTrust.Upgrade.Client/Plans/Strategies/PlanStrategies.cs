using System;

namespace BeyondTrust.Upgrade.Client.Plans.Strategies;

/// <summary>The strategy unit of each <see cref="UpgradeStrategy"/>: the one place a strategy's name meets its procedure.</summary>
internal static class PlanStrategies
{
    private static readonly PlanStrategy Single = new SingleStrategy();
    private static readonly PlanStrategy Synchronous = new SynchronousStrategy();
    private static readonly PlanStrategy Asynchronous = new AsynchronousStrategy();
    private static readonly PlanStrategy AtlasWithFailover = new AtlasWithFailoverStrategy();
    private static readonly PlanStrategy AtlasWithoutFailover = new AtlasWithoutFailoverStrategy();
    private static readonly PlanStrategy HardwareMigration = new HardwareMigrationStrategy();

    public static PlanStrategy For(UpgradeStrategy strategy) => strategy switch
    {
        UpgradeStrategy.Single => Single,
        UpgradeStrategy.Synchronous => Synchronous,
        UpgradeStrategy.Asynchronous => Asynchronous,
        UpgradeStrategy.AtlasWithFailover => AtlasWithFailover,
        UpgradeStrategy.AtlasWithoutFailover => AtlasWithoutFailover,
        UpgradeStrategy.HardwareMigration => HardwareMigration,
        _ => throw new ArgumentOutOfRangeException(nameof(strategy), strategy, "No procedure for this strategy."),
    };

    public static bool Exists(UpgradeStrategy strategy) => strategy >= UpgradeStrategy.Single && strategy <= UpgradeStrategy.HardwareMigration;
}
