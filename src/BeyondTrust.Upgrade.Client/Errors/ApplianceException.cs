using System;

namespace BeyondTrust.Upgrade.Client.Errors;

/// <summary>
/// The root of every failure this library reports. Carries a stable <see cref="ErrorId"/>, a
/// <see cref="Category"/> named after PowerShell's ErrorCategory and the <see cref="TargetObject"/> it concerns.
/// Messages never contain secrets.
/// </summary>
public class ApplianceException : Exception
{
    /// <summary>Creates an appliance failure.</summary>
    /// <param name="errorId">Stable PascalCase id (see <see cref="ErrorIds"/>).</param>
    /// <param name="category">The failure's category.</param>
    /// <param name="message">A message for people; never a secret.</param>
    /// <param name="targetObject">What the failure concerns (appliance, update, file…).</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ApplianceException(string errorId, ApplianceErrorCategory category, string message, object? targetObject = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = string.IsNullOrEmpty(errorId) ? ErrorIds.UnexpectedResponse : errorId;
        // One id, one category (docs/errors.md): the catalogue's category wins over the one a throw site gives.
        Category = ErrorCatalog.Find(ErrorId)?.Category ?? category;
        TargetObject = targetObject;
    }

    /// <summary>Stable PascalCase id of the failure (for example <c>UpdateBlockedByRequirement</c>).</summary>
    public string ErrorId { get; }

    /// <summary>The category, named after PowerShell's ErrorCategory: the id's category in <see cref="ErrorCatalog"/>.</summary>
    public ApplianceErrorCategory Category { get; }

    /// <summary>What the failure concerns: the appliance, an update id, a file path…</summary>
    public object? TargetObject { get; }

    /// <summary>The appliance (or update server) base address the failure happened on, when known.</summary>
    public Uri? ApplianceUri { get; internal set; }

    /// <summary>The HTTP status the appliance answered, when it answered.</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>What to do about this failure, in a sentence or two, when it is more specific than the error id's
    /// general advice (<see cref="ErrorCatalog"/>). Cmdlets show it as ErrorDetails.RecommendedAction.</summary>
    public string? RecommendedAction { get; set; }
}

/// <summary>The server certificate was refused: thumbprint mismatch against the pin, or failed chain validation.</summary>
public sealed class ApplianceCertificateException : ApplianceException
{
    /// <summary>Creates a certificate failure.</summary>
    /// <param name="errorId"><see cref="ErrorIds.CertificateThumbprintMismatch"/> or <see cref="ErrorIds.CertificateUntrusted"/>.</param>
    /// <param name="message">Message for people.</param>
    /// <param name="targetObject">The appliance address.</param>
    /// <param name="expectedThumbprint">The pinned thumbprint (normalised), if any.</param>
    /// <param name="presentedSha1">SHA-1 thumbprint of the certificate presented.</param>
    /// <param name="presentedSha256">SHA-256 thumbprint of the certificate presented.</param>
    /// <param name="innerException">The underlying TLS failure.</param>
    public ApplianceCertificateException(string errorId, string message, object? targetObject, string? expectedThumbprint,
        string? presentedSha1, string? presentedSha256, Exception? innerException = null)
        : base(errorId, ApplianceErrorCategory.SecurityError, message, targetObject, innerException)
    {
        ExpectedThumbprint = expectedThumbprint;
        PresentedThumbprintSha1 = presentedSha1;
        PresentedThumbprintSha256 = presentedSha256;
    }

    /// <summary>The pinned thumbprint (upper-case hex), or null when normal validation was used.</summary>
    public string? ExpectedThumbprint { get; }

    /// <summary>The presented certificate's SHA-1 thumbprint (upper-case hex), when a certificate was presented.</summary>
    public string? PresentedThumbprintSha1 { get; }

    /// <summary>The presented certificate's SHA-256 thumbprint (upper-case hex), when a certificate was presented.</summary>
    public string? PresentedThumbprintSha256 { get; }
}

/// <summary>Credentials were refused (<see cref="ErrorIds.InvalidCredentials"/>) or a token stayed refused (<see cref="ErrorIds.AccessDenied"/>).</summary>
public sealed class ApplianceAuthenticationException : ApplianceException
{
    /// <summary>Creates an authentication failure.</summary>
    /// <param name="errorId">Error id.</param>
    /// <param name="message">Message for people; never the secret.</param>
    /// <param name="targetObject">The appliance address.</param>
    /// <param name="innerException">The underlying failure.</param>
    public ApplianceAuthenticationException(string errorId, string message, object? targetObject, Exception? innerException = null)
        : base(errorId, ApplianceErrorCategory.PermissionDenied, message, targetObject, innerException)
    {
    }
}

/// <summary>The appliance could not be reached, dropped the connection, or kept answering 503/429.</summary>
public sealed class ApplianceConnectionException : ApplianceException
{
    /// <summary>Creates a connection failure.</summary>
    /// <param name="errorId">Error id (<see cref="ErrorIds.ApplianceUnreachable"/>, <see cref="ErrorIds.ConnectionDropped"/>, …).</param>
    /// <param name="category">Category (ConnectionError, ResourceUnavailable, or ObjectNotFound for a name that does not resolve).</param>
    /// <param name="message">Message for people.</param>
    /// <param name="targetObject">The appliance address.</param>
    /// <param name="requestSent">Whether the request may have reached the appliance.</param>
    /// <param name="innerException">The underlying failure.</param>
    public ApplianceConnectionException(string errorId, ApplianceErrorCategory category, string message, object? targetObject,
        bool requestSent, Exception? innerException = null)
        : base(errorId, category, message, targetObject, innerException)
    {
        RequestSent = requestSent;
    }

    /// <summary>True when the request may have reached the appliance (so it may have acted on it).</summary>
    public bool RequestSent { get; }
}

/// <summary>A request or a long-running operation ran out of time.</summary>
public sealed class ApplianceTimeoutException : ApplianceException
{
    /// <summary>Creates a timeout failure.</summary>
    /// <param name="errorId"><see cref="ErrorIds.RequestTimedOut"/> or <see cref="ErrorIds.OperationTimedOut"/>.</param>
    /// <param name="message">Message for people.</param>
    /// <param name="targetObject">The appliance or operation.</param>
    /// <param name="timeout">The limit that was exceeded.</param>
    /// <param name="innerException">The underlying failure.</param>
    public ApplianceTimeoutException(string errorId, string message, object? targetObject, TimeSpan timeout, Exception? innerException = null)
        : base(errorId, ApplianceErrorCategory.OperationTimeout, message, targetObject, innerException)
    {
        Timeout = timeout;
    }

    /// <summary>The limit that was exceeded.</summary>
    public TimeSpan Timeout { get; }
}
