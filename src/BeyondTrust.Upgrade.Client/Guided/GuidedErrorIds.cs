namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>Error ids of guided management: a page action that only a person can do (docs/errors.md).</summary>
public static class GuidedErrorIds
{
    /// <summary>Unattended: a person must do a page action; the message is the instruction. Run the same command again afterwards.</summary>
    public const string OperatorActionRequired = "OperatorActionRequired";

    /// <summary>The effect of a page action did not show in the documented API within the time allowed.</summary>
    public const string OperatorActionTimedOut = "OperatorActionTimedOut";

    /// <summary>The person said the page action was not done (a confirmation answered no).</summary>
    public const string OperatorActionDeclined = "OperatorActionDeclined";

    /// <summary>A shared IP became enabled on an appliance other than the one asked for.</summary>
    public const string SharedIpOnWrongAppliance = "SharedIpOnWrongAppliance";

    /// <summary>A failover role the step did not ask for showed.</summary>
    public const string UnexpectedFailoverRole = "UnexpectedFailoverRole";

    /// <summary>The appliance came back with a version other than the package's.</summary>
    public const string UnexpectedVersion = "UnexpectedVersion";

    /// <summary>The Updates page has no API: the version to install must be named.</summary>
    public const string TargetVersionRequired = "TargetVersionRequired";

    /// <summary>The documented API the guided watch needs is not there (no API account, or the account lacks command permission).</summary>
    public const string GuidedNeedsApiAccount = "GuidedNeedsApiAccount";

    /// <summary>A vendor package file's SHA-256 differs from -ExpectedHash.</summary>
    public const string PackageHashMismatch = "PackageHashMismatch";

    /// <summary>A page-only setting read on a real appliance: no documented API reads it (look at the page).</summary>
    public const string SettingNotObservable = "SettingNotObservable";
}
