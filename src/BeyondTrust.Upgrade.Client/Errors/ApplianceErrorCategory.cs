namespace BeyondTrust.Upgrade.Client.Errors;

/// <summary>
/// The category of an appliance failure. The names mirror PowerShell's <c>ErrorCategory</c> so that the cmdlet layer
/// maps one to the other by name, without this library referencing PowerShell.
/// </summary>
public enum ApplianceErrorCategory
{
    /// <summary>No better category fits.</summary>
    NotSpecified = 0,

    /// <summary>A request or argument was refused as malformed (HTTP 400).</summary>
    InvalidArgument,

    /// <summary>The credential is wrong, or valid but not allowed (HTTP 401, 403).</summary>
    PermissionDenied,

    /// <summary>The object does not exist (HTTP 404, 410).</summary>
    ObjectNotFound,

    /// <summary>The appliance's state forbids the request (HTTP 409).</summary>
    ResourceExists,

    /// <summary>The resource is busy or rate limited (HTTP 429, 503).</summary>
    ResourceUnavailable,

    /// <summary>An operation or request ran out of time.</summary>
    OperationTimeout,

    /// <summary>The appliance could not be reached or dropped the connection (and HTTP 5xx).</summary>
    ConnectionError,

    /// <summary>The operation is not valid in the current state.</summary>
    InvalidOperation,

    /// <summary>Data read from the appliance or from a file is malformed, corrupted or fails verification.</summary>
    InvalidData,

    /// <summary>Authentication could not be completed.</summary>
    AuthenticationError,

    /// <summary>A security check failed (for example the server certificate).</summary>
    SecurityError,

    /// <summary>The appliance or product does not implement the request.</summary>
    NotImplemented,

    /// <summary>The operation was stopped.</summary>
    OperationStopped,

    /// <summary>An operation ended without the result it must have (a sync that did not succeed).</summary>
    InvalidResult,

    /// <summary>Writing a result failed (for example a file already exists).</summary>
    WriteError,

    /// <summary>Someone else holds the resource right now (a plan state locked by another run).</summary>
    ResourceBusy,
}
