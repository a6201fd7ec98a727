using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace BeyondTrust.Upgrade.Rehearsal.Hosting;

/// <summary>
/// A PowerShell runspace on the full engine (Microsoft.PowerShell.SDK) with the staged module imported, as a user's
/// pwsh would have it: the core commands, Microsoft.PowerShell.Utility and Microsoft.PowerShell.Management.
/// </summary>
/// <remarks>
/// Where the engine's modules come from: the SDK's assemblies are platform-specific, so a build without a runtime
/// identifier copies them to <c>runtimes/unix/lib/net10.0</c> (or <c>runtimes/win/...</c>) under the output folder,
/// with the built-in modules in a <c>Modules</c> folder beside them. The engine's <c>$PSHOME</c> is the folder it was
/// loaded from, and a runspace puts <c>$PSHOME/Modules</c> on its PSModulePath (after the user's and the machine's
/// module folders), so the modules would also load on first use. The host imports Utility and Management from
/// <c>$PSHOME/Modules</c> by path instead: a same-named module in a user's module folder cannot stand in for them, and
/// a build output without them fails here, when the host opens, rather than in the middle of a runbook.
/// </remarks>
public sealed class RunbookHost : IDisposable
{
    /// <summary>The engine's own modules beyond the core that the runbooks and tests use.</summary>
    public static readonly IReadOnlyList<string> EngineModules = ["Microsoft.PowerShell.Utility", "Microsoft.PowerShell.Management"];

    private readonly Runspace _runspace;

    /// <summary>Opens a runspace and imports the module.</summary>
    /// <param name="moduleManifest">The staged module's .psd1.</param>
    public RunbookHost(string moduleManifest)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(EngineModules.Select(m => Path.Combine(EngineHome, "Modules", m)).ToArray());
        state.ThreadOptions = PSThreadOptions.UseCurrentThread;
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
        var setup = Run(
            ps => ps.AddCommand("Import-Module").AddParameter("Name", moduleManifest).AddParameter("ErrorAction", ActionPreference.Stop),
            null, null);
        if (!setup.Succeeded)
        {
            throw new InvalidOperationException("Importing " + moduleManifest + " failed: " + setup.AllText);
        }
    }

    /// <summary>The engine's <c>$PSHOME</c>: the folder System.Management.Automation was loaded from.</summary>
    public static string EngineHome { get; } = Path.GetDirectoryName(typeof(PSObject).Assembly.Location)!;

    /// <summary>The runspace (for tests that inspect variables).</summary>
    public Runspace Runspace => _runspace;

    /// <summary>Runs a script (text) with named parameters; the callback sees every record as it is written (information:
    /// the <see cref="InformationRecord"/>, whose text is its MessageData's).</summary>
    public HostedRun Invoke(string script, IDictionary<string, object?>? parameters = null, Action<string, object>? onRecord = null) =>
        Run(ps => ps.AddScript(script, useLocalScope: true), parameters, onRecord);

    /// <summary>Runs a script file (a runbook) with named parameters, as `&amp; path @parameters` would; cancelling
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
        ps.Runspace = _runspace;
        add(ps);
        if (parameters is not null)
        {
            ps.AddParameters((IDictionary)parameters.ToDictionary(p => p.Key, p => p.Value));
        }

        // After the parameters: they belong to the script, the watcher comes last.
        var stopper = new PipelineStop(ps);
        using var stopping = stop.Register(stopper.Request);

        var run = new HostedRun();
        ps.Streams.Error.DataAdded += (_, e) => Record(run.Errors, ps.Streams.Error[e.Index], "error", onRecord);
        ps.Streams.Warning.DataAdded += (_, e) => Record(run.Warnings, ps.Streams.Warning[e.Index].Message, "warning", onRecord);
        ps.Streams.Verbose.DataAdded += (_, e) => Record(run.Verbose, ps.Streams.Verbose[e.Index].Message, "verbose", onRecord);
        ps.Streams.Information.DataAdded += (_, e) =>
        {
            // The callback gets the record itself (its tags and the object it carries); its text is MessageData's.
            var information = ps.Streams.Information[e.Index];
            Record(run.Information, information.MessageData?.ToString() ?? string.Empty, "information", null);
            onRecord?.Invoke("information", information);
        };
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
