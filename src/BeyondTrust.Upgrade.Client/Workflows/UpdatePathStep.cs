using System;
using BeyondTrust.Upgrade.Client.Models;

namespace BeyondTrust.Upgrade.Client.Workflows;

/// <summary>One package on the way from the installed versions to the target, in the order to install it.</summary>
public sealed class UpdatePathStep
{
    internal UpdatePathStep(string appliance, Uri? baseUri, int order, ApplianceUpdate update, TimeSpan waitAfter, string reason)
    {
        Appliance = appliance;
        BaseUri = baseUri;
        Order = order;
        Update = update;
        WaitAfter = waitAfter;
        Reason = reason;
    }

    /// <summary>The appliance.</summary>
    public string Appliance { get; }

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; }

    /// <summary>1 for the first package to install.</summary>
    public int Order { get; }

    /// <summary>The package's name (Base Software 7.2.0, BeyondTrust-24.3.1).</summary>
    public string Name => Update.Name;

    /// <summary>Base, Site or License.</summary>
    public UpdateType Type => Update.Type;

    /// <summary>The package's version.</summary>
    public ApplianceVersion? Version => Update.Version;

    /// <summary>How long to wait after this package before the next (24 h after a site package that another site
    /// package follows; none after Base or licence packages).</summary>
    public TimeSpan WaitAfter { get; }

    /// <summary>Why the step is on the path.</summary>
    public string Reason { get; }

    /// <summary>The update as the appliance lists it (pipes to Install-ApplianceUpdate).</summary>
    public ApplianceUpdate Update { get; }

    /// <summary>The package's name.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Order + ". " + Name;
}
