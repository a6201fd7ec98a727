namespace BeyondTrust.Upgrade.Client.Plans.Strategies;

/// <summary>The two appliances of a failover pair by their role when a plan starts; the guides call them A and B, and
/// so do plans, state files and the procedures page.</summary>
internal static class PairRoles
{
    /// <summary>The primary that serves the site when the plan starts (the guides' Appliance A).</summary>
    public const string Primary = "A";

    /// <summary>Its backup when the plan starts (the guides' Appliance B).</summary>
    public const string Backup = "B";

    /// <summary>A step on both.</summary>
    public const string Both = Primary + "," + Backup;

    public static readonly string[] All = { Primary, Backup };

    /// <summary>The other member of the pair.</summary>
    public static string Other(string label) => label == Primary ? Backup : Primary;
}
