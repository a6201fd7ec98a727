namespace BeyondTrust.Upgrade.Client.Models;

/// <summary>The product line an appliance runs (the appliance says which).</summary>
public enum ProductLine
{
    /// <summary>Not reported or not recognised.</summary>
    Unknown = 0,

    /// <summary>BeyondTrust Remote Support (<c>rs</c>).</summary>
    Rs,

    /// <summary>BeyondTrust Privileged Remote Access (<c>pra</c>).</summary>
    Pra,

    /// <summary>Legacy Bomgar Privileged Access (<c>bomgar</c>).</summary>
    Bomgar,
}

/// <summary>The kind of an update package, told apart by the catalogue's type field.</summary>
public enum UpdateType
{
    /// <summary>Not recognised.</summary>
    Unknown = 0,

    /// <summary>Base software (reboots the appliance).</summary>
    Base,

    /// <summary>Site (product) software.</summary>
    Site,

    /// <summary>Licence add-on.</summary>
    License,
}

/// <summary>An appliance's failover role.</summary>
public enum FailoverRole
{
    /// <summary>No failover relationship.</summary>
    None = 0,

    /// <summary>The primary of a pair.</summary>
    Primary,

    /// <summary>The backup of a pair.</summary>
    Backup,

    /// <summary>Not recognised.</summary>
    Unknown,
}

/// <summary>An appliance's Atlas cluster role.</summary>
public enum ClusterRole
{
    /// <summary>Not recognised.</summary>
    Unknown = 0,

    /// <summary>Not in a cluster.</summary>
    Single,

    /// <summary>The cluster's primary (older docs: master).</summary>
    Primary,

    /// <summary>A traffic node.</summary>
    Traffic,
}

/// <summary>The state of a long-running appliance operation.</summary>
public enum OperationState
{
    /// <summary>Not recognised.</summary>
    Unknown = 0,

    /// <summary>Still running.</summary>
    Running,

    /// <summary>Finished successfully.</summary>
    Succeeded,

    /// <summary>Finished in failure.</summary>
    Failed,
}

/// <summary>What a long-running operation does.</summary>
public enum OperationKind
{
    /// <summary>Not recognised.</summary>
    Unknown = 0,

    /// <summary>An update install.</summary>
    Install,

    /// <summary>A failover data sync.</summary>
    Sync,

    /// <summary>A backup restore.</summary>
    Restore,

    /// <summary>An Atlas Cluster :: Status Sync Now (pushes the master's configuration to every traffic node).</summary>
    ClusterSync,

    /// <summary>A software download without installing (Software Management, on a master).</summary>
    Download,

    /// <summary>Distribute to Cluster (pushes the staged packages to every other node).</summary>
    Distribute,

    /// <summary>Reset Appliance to Factory Defaults (Status &gt; Basics).</summary>
    Reset,
}

/// <summary>The state an appliance reports on its status page.</summary>
public enum ApplianceState
{
    /// <summary>Not recognised.</summary>
    Unknown = 0,

    /// <summary>Serving.</summary>
    Running,

    /// <summary>An install runs.</summary>
    Installing,

    /// <summary>The last Base install failed (hands off).</summary>
    Failed,

    /// <summary>Factory-new: no site software installed yet (a new appliance, or one reset to factory defaults).</summary>
    New,
}

/// <summary>A warning the Security &gt; Certificates page lists for a certificate (resolve it first: the product's certificate FAQ).</summary>
public enum CertificateWarning
{
    /// <summary>Not recognised.</summary>
    Unknown = 0,

    /// <summary>Past its end date.</summary>
    Expired,

    /// <summary>Before its start date.</summary>
    NotYetValid,

    /// <summary>An intermediate certificate of the chain is missing.</summary>
    ChainIncomplete,

    /// <summary>Issued To is not the site hostname.</summary>
    HostnameMismatch,
}

/// <summary>Which base path an operation id is read through.</summary>
public enum OperationScope
{
    /// <summary>The /appliance management pages (administrator credential): installs.</summary>
    Appliance = 0,

    /// <summary>The /login pages (API account token): sync, restore.</summary>
    Login,

    /// <summary>A person's page action that the module watches through the documented API (guided management).</summary>
    Guided,
}
