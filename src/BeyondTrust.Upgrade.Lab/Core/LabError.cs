namespace BeyondTrust.Upgrade.Lab.Core;

/// A refusal of the management contract: status, stable PascalCase id, message for people, optional target.
internal sealed class LabError(int status, string error, string message, string? target = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Error { get; } = error;

    public string? Target { get; } = target;

    public static LabError BadRequest(string message) => new(400, "InvalidRequest", message);
}
