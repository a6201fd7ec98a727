using System;

namespace BeyondTrust.Upgrade.Client.Models;

/// <summary>A started long-running operation: what to poll.</summary>
public sealed class OperationHandle
{
    /// <summary>Creates a handle.</summary>
    /// <param name="appliance">The appliance's name.</param>
    /// <param name="baseUri">The appliance's base address.</param>
    /// <param name="operationId">The operation id.</param>
    /// <param name="scope">Which base path reads it.</param>
    public OperationHandle(string appliance, Uri? baseUri, string operationId, OperationScope scope)
    {
        Appliance = appliance;
        BaseUri = baseUri;
        OperationId = operationId ?? throw new ArgumentNullException(nameof(operationId));
        Scope = scope;
    }

    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; }

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; }

    /// <summary>The operation id (<c>op-…</c>).</summary>
    public string OperationId { get; }

    /// <summary>Which base path reads it (/appliance for installs, /login for sync and restore).</summary>
    public OperationScope Scope { get; }

    /// <summary>The operation id.</summary>
    /// <returns>The id.</returns>
    public override string ToString() => OperationId;
}

/// <summary>An operation as read from the appliance.</summary>
public sealed class OperationStatus
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The operation id.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>Install, sync or restore.</summary>
    public OperationKind Kind { get; set; }

    /// <summary>What it works on (an update id…).</summary>
    public string? Target { get; set; }

    /// <summary>Running, succeeded or failed.</summary>
    public OperationState State { get; set; }

    /// <summary>Percent complete (0–100).</summary>
    public int PercentComplete { get; set; }

    /// <summary>The appliance's progress message.</summary>
    public string? Message { get; set; }

    /// <summary>The failure's error id, when failed.</summary>
    public string? ErrorId { get; set; }

    /// <summary>The failure's message, when failed.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>Start time.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>End time, when finished.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>The suggested poll interval (the answer's Retry-After), while running.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>A succeeded restore's result: what it overwrote and what it could not bring (null for other operations).</summary>
    public RestoreResult? Restore { get; set; }

    /// <summary>True when succeeded or failed.</summary>
    public bool IsFinished => State == OperationState.Succeeded || State == OperationState.Failed;
}

/// <summary>Progress of a wait on an operation, reported through <see cref="IProgress{T}"/>.</summary>
public sealed class OperationProgress
{
    /// <summary>The appliance's name as this client knows it.</summary>
    public string Appliance { get; set; } = string.Empty;

    /// <summary>The appliance's base address.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The operation id.</summary>
    public string OperationId { get; set; } = string.Empty;

    /// <summary>The last state read (Running while the appliance reboots).</summary>
    public OperationState State { get; set; }

    /// <summary>Percent complete (0–100).</summary>
    public int PercentComplete { get; set; }

    /// <summary>What is going on, for people.</summary>
    public string? Message { get; set; }

    /// <summary>False while the appliance refuses connections (for example rebooting after a Base install).</summary>
    public bool ApplianceReachable { get; set; } = true;

    /// <summary>Time spent waiting so far.</summary>
    public TimeSpan Elapsed { get; set; }
}
