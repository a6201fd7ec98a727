namespace BeyondTrust.Upgrade.Lab.Core;

/// A refusal of the management contract: status, stable PascalCase id, message for people, optional target.
internal sealed class LabError(int status, string error, string message, string? target = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Error { get; } = error;

    public string? Target { get; } = target;

    /// The request field the refusal is about (a settings page's field), written as <c>field</c> when set.
    public string? Field { get; init; }

    public static LabError BadRequest(string message) => new(400, "InvalidRequest", message);
}
