using System.Collections;
using System.Diagnostics;
using System.Management.Automation;
using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Rehearsal;

/// <summary>One page action a person did in a guided rehearsal, and how long the module waited for it.</summary>
/// <param name="Appliance">The lab's name for the appliance (a, b).</param>
/// <param name="Action">The page action's name (updates.install, network.shared-ip …).</param>
/// <param name="Confirmed">No documented API can see it: the person recorded a confirmation, as Complete-ApplianceOperatorAction does.</param>
/// <param name="Failure">Why the person could not do it (the lab's operator refused or failed), or null.</param>
/// <param name="Waited">Instruction shown to effect seen by the module (real time), or null when the module never said it saw it.</param>
/// <param name="VendorWaited">The same in vendor time (real time divided by the lab's time scale).</param>
public sealed record PersonAction(string Appliance, string Action, bool Confirmed, string? Failure, TimeSpan? Waited, TimeSpan? VendorWaited)
{
    /// <summary>The person did it and the module saw it.</summary>
    public bool Done => Failure is null && Waited is not null;
}

/// <summary>
/// The person at the appliances' pages in a guided rehearsal (DESIGN.md §4): reads the module's instructions from the
/// hosted PowerShell's information records as they are written (tag <see cref="InstructionTag"/>: the
/// OperatorInstruction object, live or wrapped in a PSObject), has the lab's simulated operator do each one after a
/// human-like delay (<see cref="LabOperator.Follow"/>), records a confirmation in this machine's appliance ledger where
/// no documented API can see the effect (as Complete-ApplianceOperatorAction does), and times each wait from the
/// instruction to the module's record that it saw the effect (tag <see cref="SeenTag"/>).
/// </summary>
internal sealed class SimulatedPerson
{
    /// <summary>The module's tag on the instruction records (HostOperatorChannel.InstructionTag).</summary>
    public const string InstructionTag = "BeyondTrust.Upgrade.OperatorInstruction";

    /// <summary>The module's tag on the record of a watch's end (HostOperatorChannel.SeenTag).</summary>
    public const string SeenTag = "BeyondTrust.Upgrade.OperatorActionSeen";

    private readonly LabServer _lab;
    private readonly TextWriter _log;
    private readonly double _afterSeconds;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<Pending> _pending = new();
    private readonly List<PersonAction> _done = new();
    private readonly List<Task> _following = new();

    /// <param name="lab">The lab whose simulated operator acts.</param>
    /// <param name="log">Where each action is printed once the module saw it.</param>
    /// <param name="afterSeconds">How long, in vendor seconds, the person takes to start on an instruction.</param>
    public SimulatedPerson(LabServer lab, TextWriter log, double afterSeconds = 60)
    {
        _lab = lab;
        _log = log;
        _afterSeconds = afterSeconds;
    }

    /// <summary>What the person knows that an instruction never carries (DESIGN.md §4: no secret in an instruction): the
    /// certificate's passphrase (certificates.export, certificates.import) and the backup's password (backup.restore), as
    /// the run was given them. Empty values are not known.</summary>
    public string? CertificatePassphrase { get; init; }

    /// <summary>The backup's password (see <see cref="CertificatePassphrase"/>).</summary>
    public string? BackupPassword { get; init; }

    /// <summary>Every instruction, done or not, in the order shown.</summary>
    public IReadOnlyList<PersonAction> Actions
    {
        get
        {
            lock (_pending)
            {
                return _done.Concat(_pending.Select(p => p.ToAction(null))).ToList();
            }
        }
    }

    /// <summary>Whether an information record is the module's instruction object or its "seen" record (not for the printer).</summary>
    public static bool IsForThePerson(InformationRecord record) =>
        record.Tags.Contains(SeenTag) || (record.Tags.Contains(InstructionTag) && !record.Tags.Contains("PSHOST"));

    /// <summary>Takes a record of the hosted pipeline (a <see cref="Hosting.RunbookHost"/> callback: pipeline thread).</summary>
    public void OnRecord(string stream, object record)
    {
        if (stream != "information" || record is not InformationRecord info)
        {
            return;
        }

        if (info.Tags.Contains(SeenTag))
        {
            Seen(info.MessageData);
        }
        else if (info.Tags.Contains(InstructionTag) && !info.Tags.Contains("PSHOST"))
        {
            Instructed(info.MessageData);
        }
    }

    /// <summary>Waits for the person's last actions to end (a failed one is in <see cref="Actions"/>).</summary>
    public async Task DrainAsync()
    {
        Task[] following;
        lock (_pending)
        {
            following = _following.ToArray();
        }

        try
        {
            await Task.WhenAll(following).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Recorded per action.
        }
    }

    private void Instructed(object? data)
    {
        var instruction = Unwrap(data) ?? new object();
        var baseUri = Read(instruction, "BaseUri") is { } uri ? new Uri(uri.ToString()!) : null;
        var action = Read(instruction, "Action")?.ToString() ?? string.Empty;
        var confirm = Read(instruction, "Signal") is null;
        var appliance = _lab.Appliances.FirstOrDefault(a => baseUri is not null && a.BaseUri.Port == baseUri.Port)?.Name ?? Read(instruction, "Appliance")?.ToString() ?? "?";
        var pending = new Pending(instruction, appliance, action, confirm, _clock.Elapsed, _lab.TimeScale);
        lock (_pending)
        {
            _pending.Add(pending);
        }

        if (baseUri is null)
        {
            pending.Failure = "the instruction names no appliance address";
            return;
        }

        var follow = Follow(baseUri, action, WithWhatThePersonKnows(action, Parameters(Read(instruction, "Parameters"))), confirm, instruction, pending);
        lock (_pending)
        {
            _following.Add(follow);
        }
    }

    private async Task Follow(Uri baseUri, string action, IReadOnlyDictionary<string, string> parameters, bool confirm, object instruction, Pending pending)
    {
        try
        {
            // ConfigureAwait(false): this starts on the hosted pipeline's thread, which is blocked in the runbook until the
            // module sees the confirmation recorded below. Resumed on that thread's SynchronizationContext (a test
            // runner's, or any host's), the confirmation would wait for the runbook that waits for it (seen: a guided
            // rehearsal stopped at its 2-minute operator timeout while every test worker ran a runbook).
            await _lab.Operator.Follow(baseUri, action, parameters, _afterSeconds).ConfigureAwait(false);
            if (confirm)
            {
                // What Complete-ApplianceOperatorAction does: the module loaded in the hosted runspace reads the same ledger.
                var ledgerType = ClientAssembly(instruction).GetType("BeyondTrust.Upgrade.Client.Ledger.ApplianceLedger", throwOnError: true)!;
                var ledger = ledgerType.GetMethod("ForCurrentUser")!.Invoke(null, null);
                ledgerType.GetMethod("RecordOperatorConfirmation")!.Invoke(ledger, [baseUri, action, DateTimeOffset.UtcNow]);
            }
        }
        catch (Exception e)
        {
            pending.Failure = (e is System.Reflection.TargetInvocationException { InnerException: { } inner } ? inner : e).Message;
            _log.WriteLine($"    [person] {pending.Appliance}: {pending.Action} NOT done: {pending.Failure}");
        }
    }

    /// <summary>The instruction's parameters plus the secret the page asks for, which the person types from memory.</summary>
    private IReadOnlyDictionary<string, string> WithWhatThePersonKnows(string action, IReadOnlyDictionary<string, string> parameters)
    {
        var (key, secret) = action switch
        {
            "certificates.export" or "certificates.import" => ("passphrase", CertificatePassphrase),
            "backup.restore" => ("password", BackupPassword),
            _ => (null, null),
        };
        if (key is null || string.IsNullOrEmpty(secret))
        {
            return parameters;
        }

        return new Dictionary<string, string>(parameters, StringComparer.Ordinal) { [key] = secret };
    }

    private void Seen(object? data)
    {
        var progress = Unwrap(data);
        var instruction = Unwrap(Read(progress, "Instruction"));
        var now = _clock.Elapsed;
        Pending? match;
        lock (_pending)
        {
            match = _pending.FirstOrDefault(p => ReferenceEquals(p.Instruction, instruction))
                ?? _pending.FirstOrDefault(p => p.Action == Read(instruction, "Action")?.ToString() && Equals(Read(p.Instruction, "BaseUri"), Read(instruction, "BaseUri")));
            if (match is null)
            {
                return;
            }

            _pending.Remove(match);
            _done.Add(match.ToAction(now));
        }

        var waited = now - match.Shown;
        _log.WriteLine($"    [person] {match.Appliance}: {match.Action} done by a person{(match.Confirmed ? " (confirmed)" : string.Empty)}; "
            + $"the module waited {waited.TotalMilliseconds:0} ms (vendor time {Vendor(waited, _lab.TimeScale)}) from the instruction to the effect: {Read(progress, "LastSeen")}");
    }

    internal static string Vendor(TimeSpan real, double scale)
    {
        var vendor = TimeSpan.FromTicks((long)(real.Ticks / scale));
        return vendor.TotalMinutes >= 1 ? $"{vendor.TotalMinutes:0.0} min" : $"{vendor.TotalSeconds:0} s";
    }

    private static System.Reflection.Assembly ClientAssembly(object instruction) =>
        instruction.GetType().Assembly.GetName().Name == "BeyondTrust.Upgrade.Client"
            ? instruction.GetType().Assembly
            : AppDomain.CurrentDomain.GetAssemblies().First(a => a.GetName().Name == "BeyondTrust.Upgrade.Client");

    /// <summary>The live object a PSObject wraps (a property bag stays as it is).</summary>
    private static object? Unwrap(object? value) => value is PSObject { BaseObject: { } inner } && inner is not PSCustomObject ? inner : value;

    private static object? Read(object? target, string name) => target is null ? null : Unwrap(PSObject.AsPSObject(target).Properties[name]?.Value);

    /// <summary>The instruction's parameters, whether the live IReadOnlyDictionary, a hashtable or a property bag.</summary>
    private static IReadOnlyDictionary<string, string> Parameters(object? value)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (value)
        {
            case IEnumerable<KeyValuePair<string, string>> pairs:
                foreach (var (k, v) in pairs)
                {
                    map[k] = v;
                }

                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry e in dictionary)
                {
                    map[e.Key.ToString()!] = e.Value?.ToString() ?? string.Empty;
                }

                break;
            case not null:
                foreach (var property in PSObject.AsPSObject(value).Properties)
                {
                    map[property.Name] = property.Value?.ToString() ?? string.Empty;
                }

                break;
        }

        return map;
    }

    private sealed class Pending(object instruction, string appliance, string action, bool confirmed, TimeSpan shown, double scale)
    {
        public object Instruction { get; } = instruction;

        public string Appliance { get; } = appliance;

        public string Action { get; } = action;

        public bool Confirmed { get; } = confirmed;

        public TimeSpan Shown { get; } = shown;

        public string? Failure { get; set; }

        public PersonAction ToAction(TimeSpan? seen) =>
            new(Appliance, Action, Confirmed, Failure, seen - Shown, seen is { } s ? TimeSpan.FromTicks((long)((s - Shown).Ticks / scale)) : null);
    }
}
