namespace BeyondTrust.Upgrade.Client.Plans.Steps;

/// <summary>What a resumed step finds on the appliances.</summary>
internal enum StepProbe
{
    /// <summary>The action has not happened: act.</summary>
    NotStarted = 0,

    /// <summary>The action happened (or is under way): do not act again, verify (wait).</summary>
    Acted,
}
