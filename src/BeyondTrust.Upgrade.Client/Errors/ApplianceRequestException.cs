using System;

namespace BeyondTrust.Upgrade.Client.Errors;

/// <summary>The appliance (or update server) answered with an error status and, usually, a contract error id.</summary>
public class ApplianceRequestException : ApplianceException
{
    /// <summary>Creates a failure from an error answer.</summary>
    /// <param name="errorId">Error id (the server's <c>error</c> when it sent one).</param>
    /// <param name="category">Category mapped from the status.</param>
    /// <param name="message">Message for people.</param>
    /// <param name="targetObject">What it concerns (the server's <c>target</c> when it sent one).</param>
    /// <param name="serverMessage">The server's <c>message</c>, verbatim.</param>
    /// <param name="innerException">The underlying failure.</param>
    public ApplianceRequestException(string errorId, ApplianceErrorCategory category, string message, object? targetObject,
        string? serverMessage, Exception? innerException = null)
        : base(errorId, category, message, targetObject, innerException)
    {
        ServerMessage = serverMessage;
    }

    /// <summary>The server's own message, verbatim, when it sent one.</summary>
    public string? ServerMessage { get; }
}

/// <summary>An update cannot be installed because its requirement (a minimum Base or site version) is not met.</summary>
public sealed class UpdateBlockedException : ApplianceRequestException
{
    /// <summary>Creates a blocked-update failure.</summary>
    /// <param name="message">Message for people.</param>
    /// <param name="updateId">The blocked update.</param>
    /// <param name="blockedReason">The appliance's blocked reason (for example "3.2.4 does not satisfy 12.2.0's requirements. …").</param>
    /// <param name="innerException">The underlying failure.</param>
    public UpdateBlockedException(string message, string? updateId, string? blockedReason, Exception? innerException = null)
        : base(ErrorIds.UpdateBlockedByRequirement, ApplianceErrorCategory.ResourceExists, message, updateId, blockedReason, innerException)
    {
        UpdateId = updateId;
        BlockedReason = blockedReason;
    }

    /// <summary>The update that is blocked.</summary>
    public string? UpdateId { get; }

    /// <summary>The appliance's reason, naming the unmet requirement.</summary>
    public string? BlockedReason { get; }
}

/// <summary>The command API refused a command with an <c>&lt;error&gt;</c> element.</summary>
public sealed class ApplianceCommandException : ApplianceException
{
    /// <summary>Creates a command failure.</summary>
    /// <param name="action">The command (<c>set_failover_role</c>, …).</param>
    /// <param name="serverMessage">The <c>&lt;error&gt;</c> text.</param>
    /// <param name="targetObject">The appliance address.</param>
    public ApplianceCommandException(string action, string serverMessage, object? targetObject)
        : base(ErrorIds.CommandFailed, ApplianceErrorCategory.InvalidOperation,
            "The appliance refused the command '" + action + "': " + serverMessage, targetObject)
    {
        Action = action;
        ServerMessage = serverMessage;
    }

    /// <summary>The command that was refused.</summary>
    public string Action { get; }

    /// <summary>The appliance's error text.</summary>
    public string ServerMessage { get; }
}

/// <summary>A long-running operation (install, sync, restore) ended in failure.</summary>
public sealed class ApplianceOperationException : ApplianceException
{
    /// <summary>Creates an operation failure.</summary>
    /// <param name="errorId">The operation's error id (for example <c>InstallFailed</c>).</param>
    /// <param name="message">Message for people.</param>
    /// <param name="operation">The final operation state.</param>
    public ApplianceOperationException(string errorId, string message, Models.OperationStatus operation)
        : base(errorId, ApplianceErrorCategory.InvalidOperation, message, operation)
    {
        Operation = operation;
    }

    /// <summary>The operation as last read.</summary>
    public Models.OperationStatus Operation { get; }
}

/// <summary>A backup or package file, or a response body, failed verification or could not be read.</summary>
public sealed class ApplianceDataException : ApplianceException
{
    /// <summary>Creates a data failure.</summary>
    /// <param name="errorId">Error id (<c>BackupCorrupted</c>, <c>BackupPasswordInvalid</c>, <c>PackageSignatureInvalid</c>, <c>UnexpectedResponse</c>…).</param>
    /// <param name="message">Message for people.</param>
    /// <param name="targetObject">The file or response concerned.</param>
    /// <param name="innerException">The underlying failure.</param>
    public ApplianceDataException(string errorId, string message, object? targetObject, Exception? innerException = null)
        : base(errorId, errorId == ErrorIds.BackupPasswordInvalid ? ApplianceErrorCategory.AuthenticationError : ApplianceErrorCategory.InvalidData,
            message, targetObject, innerException)
    {
    }
}
