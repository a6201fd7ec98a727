using System;
using System.Collections.Generic;

namespace BeyondTrust.Upgrade.Client.Guided;

/// <summary>
/// What a person must do on a page of one appliance, in the product's own words, and how the module will know it
/// happened: the documented signal it watches (<see cref="Signal"/>) or, where no API can see the effect, a confirmation
/// (<see cref="ConfirmationReason"/>). Written to the host, never to the output stream; carries no secret.
/// </summary>
public sealed class OperatorInstruction
{
    /// <summary>The session's name for the appliance.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The page action's name (<see cref="PageActions"/>; the simulated operator's action names).</summary>
    public string Action { get; set; } = string.Empty;

    /// <summary>The page, as the product names it (<c>/login &gt; Management &gt; Failover</c>).</summary>
    public string Page { get; set; } = string.Empty;

    /// <summary>The whole instruction: the page, the control, the value.</summary>
    public string Text { get; set; } = string.Empty;

    /// <summary>What the module watches (the documented API and the value it waits for), or null when it asks instead.</summary>
    public string? Signal { get; set; }

    /// <summary>Why no documented API can see the effect, when the person is asked to confirm.</summary>
    public string? ConfirmationReason { get; set; }

    /// <summary>The values the action needs (an address, a version, a peer); never a secret.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; set; } = new Dictionary<string, string>();

    /// <summary>The instruction text.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Text;
}

/// <summary>How a watch for a person's page action is going (one report per poll).</summary>
public sealed class OperatorWaitProgress
{
    /// <summary>The instruction being waited on.</summary>
    public OperatorInstruction Instruction { get; set; } = new OperatorInstruction();

    /// <summary>Since the instruction was shown.</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>How long the module waits in all.</summary>
    public TimeSpan Timeout { get; set; }

    /// <summary>What the documented API showed at the last poll (or why it did not answer).</summary>
    public string LastSeen { get; set; } = string.Empty;

    /// <summary>True on the last report of a watch: the effect showed (or the person's confirmation was found) and the
    /// module goes on. Reported once per instruction shown.</summary>
    public bool Done { get; set; }
}
