namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>How a session drives the pages that have no vendor API (DESIGN.md §4).</summary>
public enum ManagementMode
{
    /// <summary>The project's management contract, served by the appliance lab (docs/appliance-api.md §2–§3).</summary>
    Lab = 0,

    /// <summary>A real appliance: a person does the page action, the module watches the documented API for its effect.</summary>
    Guided,
}

/// <summary>Which management a session asks for when it opens.</summary>
public enum ManagementChoice
{
    /// <summary>The contract when the appliance serves it, else guided.</summary>
    Auto = 0,

    /// <summary>The project's management contract (the lab).</summary>
    Lab,

    /// <summary>Guided, even on a lab appliance that serves the contract (to rehearse the guided path).</summary>
    Guided,
}

/// <summary>What a guided page action does when no one is there to read the instruction.</summary>
public enum OperatorMode
{
    /// <summary>Wait for the person when the host can show the instruction; stop with <c>OperatorActionRequired</c> when
    /// it cannot (<c>-NonInteractive</c>, Azure Automation, a host without UI).</summary>
    Auto = 0,

    /// <summary>Always show the instruction and watch for its effect (someone acts on the pages while an unattended run waits).</summary>
    Wait,

    /// <summary>Never wait: stop with <c>OperatorActionRequired</c> unless the effect already shows.</summary>
    Stop,
}
