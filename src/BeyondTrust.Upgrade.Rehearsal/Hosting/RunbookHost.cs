using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace BeyondTrust.Upgrade.Rehearsal.Hosting;

/// <summary>
/// A PowerShell runspace on the real engine (System.Management.Automation) with the staged module imported, as a
/// user's pwsh would have it. The engine alone lacks Microsoft.PowerShell.Utility, so the host first defines the few
/// Write-* stand-ins of HostStandIns.ps1 (only where the command is missing) and nothing else.
/// </summary>
public sealed class RunbookHost : IDisposable
{
    private readonly Runspace _runspace;

    /// <summary>Opens a runspace and imports the module.</summary>
    /// <param name="moduleManifest">The staged module's .psd1.</param>
    public RunbookHost(string moduleManifest)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ThreadOptions = PSThreadOptions.UseCurrentThread;
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        var standIns = Path.Combine(AppContext.BaseDirectory, "HostStandIns.ps1");
        // Dot-sourced into the global scope (useLocalScope: false), so the stand-ins stay defined for every later script.
        var setup = Run(
            ps => ps.AddScript("param($StandIns, $Manifest) if (-not (Get-Command Write-Output -ErrorAction Ignore)) { . $StandIns }; Import-Module $Manifest -ErrorAction Stop", useLocalScope: false),
            new Dictionary<string, object?> { ["StandIns"] = standIns, ["Manifest"] = moduleManifest },
            null);
        if (!setup.Succeeded)
        {
            throw new InvalidOperationException("Importing " + moduleManifest + " failed: " + setup.AllText);
        }
    }

    /// <summary>The runspace (for tests that inspect variables).</summary>
    public Runspace Runspace => _runspace;

    /// <summary>Runs a script (text) with named parameters; the callback sees every record as it is written.</summary>
    public HostedRun Invoke(string script, IDictionary<string, object?>? parameters = null, Action<string, object>? onRecord = null) =>
        Run(ps => ps.AddScript(script, useLocalScope: true), parameters, onRecord);

    /// <summary>Runs a script file (a runbook) with named parameters, as `& path @parameters` would; cancelling
    /// <paramref name="stop"/> stops it as Ctrl+C does.</summary>
    public HostedRun InvokeFile(string path, IDictionary<string, object?>? parameters = null, Action<string, object>? onRecord = null, CancellationToken stop = default) =>
        Run(ps => ps.AddCommand(path), parameters, onRecord, stop);

    /// <summary>Reads a global variable of the runspace.</summary>
    public object? GetVariable(string name) => _runspace.SessionStateProxy.GetVariable(name);

    /// <summary>Sets a global variable of the runspace.</summary>
    public void SetVariable(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    public void Dispose() => _runspace.Dispose();

    private HostedRun Run(Action<PowerShell> add, IDictionary<string, object?>? parameters, Action<string, object>? onRecord, CancellationToken stop = default)
    {
        using var ps = PowerShell.Create();
        // BeginStop: the callback that cancels may run on the pipeline thread, where a blocking Stop would deadlock.
        using var stopping = stop.Register(() => ps.BeginStop(null, null));
        ps.Runspace = _runspace;
        add(ps);
        if (parameters is not null)
        {
            ps.AddParameters((IDictionary)parameters.ToDictionary(p => p.Key, p => p.Value));
        }

        var run = new HostedRun();
        ps.Streams.Error.DataAdded += (_, e) => Record(run.Errors, ps.Streams.Error[e.Index], "error", onRecord);
        ps.Streams.Warning.DataAdded += (_, e) => Record(run.Warnings, ps.Streams.Warning[e.Index].Message, "warning", onRecord);
        ps.Streams.Verbose.DataAdded += (_, e) => Record(run.Verbose, ps.Streams.Verbose[e.Index].Message, "verbose", onRecord);
        ps.Streams.Information.DataAdded += (_, e) => Record(run.Information, ps.Streams.Information[e.Index].MessageData?.ToString() ?? string.Empty, "information", onRecord);
        ps.Streams.Progress.DataAdded += (_, e) => Record(run.Progress, ps.Streams.Progress[e.Index], "progress", onRecord);
        var output = new PSDataCollection<PSObject>();
        output.DataAdded += (_, e) => Record(run.Output, output[e.Index], "output", onRecord);
        try
        {
            ps.Invoke(null, output);
        }
        catch (RuntimeException ex)
        {
            run.TerminatingError = ex.ErrorRecord;
            onRecord?.Invoke("terminating", ex.ErrorRecord);
        }

        return run;
    }

    private static void Record<T>(List<T> list, T item, string stream, Action<string, object>? onRecord)
    {
        lock (list)
        {
            list.Add(item);
        }

        if (item is not null)
        {
            onRecord?.Invoke(stream, item);
        }
    }
}
