using System.Management.Automation;

namespace BeyondTrust.Upgrade.Rehearsal.Hosting;

/// <summary>Everything a hosted script produced, stream by stream.</summary>
public sealed class HostedRun
{
    public List<PSObject> Output { get; } = new();

    public List<ErrorRecord> Errors { get; } = new();

    public List<string> Warnings { get; } = new();

    public List<string> Verbose { get; } = new();

    public List<string> Information { get; } = new();

    public List<ProgressRecord> Progress { get; } = new();

    /// <summary>The terminating error that stopped the script, if any.</summary>
    public ErrorRecord? TerminatingError { get; set; }

    /// <summary>True when the script ran to its end without a terminating error or an error record.</summary>
    public bool Succeeded => TerminatingError is null && Errors.Count == 0;

    /// <summary>Every error id (FullyQualifiedErrorId), terminating one included.</summary>
    public IEnumerable<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId)
        .Concat(TerminatingError is null ? [] : [TerminatingError.FullyQualifiedErrorId]);

    /// <summary>All text a person would read: information, warnings, verbose and errors.</summary>
    public string AllText => string.Join("\n", Information.Concat(Warnings).Concat(Verbose).Concat(Errors.Select(e => e.ToString()))
        .Concat(Output.Select(o => o?.ToString() ?? string.Empty)) .Concat(TerminatingError is null ? [] : [TerminatingError.ToString()]));
}
