using System.Management.Automation;

namespace BeyondTrust.Upgrade.Rehearsal;

/// <summary>Prints a hosted runbook's streams as they are written, one line a record; progress only when it moves.</summary>
internal sealed class StreamPrinter
{
    private readonly TextWriter _out;
    private string? _lastProgress;

    public StreamPrinter(TextWriter output) => _out = output;

    public void Print(string stream, object record)
    {
        switch (stream)
        {
            case "information" when record is InformationRecord information && SimulatedPerson.IsForThePerson(information):
                // The instruction object (its text is printed from the host record) and the watch's end (the person prints it).
                break;
            case "information":
                _out.WriteLine(record);
                break;
            case "warning":
                _out.WriteLine("WARNING: " + record);
                break;
            case "error":
            case "terminating":
                _out.WriteLine("ERROR: " + record + (record is ErrorRecord e ? " [" + e.FullyQualifiedErrorId + "]" : string.Empty));
                break;
            case "progress" when record is ProgressRecord p && p.RecordType != ProgressRecordType.Completed:
                var line = "    ... " + p.Activity + ": " + p.StatusDescription + (p.PercentComplete >= 0 ? " (" + (p.PercentComplete / 25 * 25) + "%)" : string.Empty);
                if (line != _lastProgress)
                {
                    _out.WriteLine(line);
                    _lastProgress = line;
                }

                break;
            case "output" when record is PSObject o:
                foreach (var property in o.Properties)
                {
                    _out.WriteLine("    " + property.Name.PadRight(16) + " " + Format(property.Value));
                }

                break;
        }
    }

    private static string Format(object? value) => (value is PSObject wrapped ? wrapped.BaseObject : value) switch
    {
        null => string.Empty,
        string text => text,
        System.Collections.IEnumerable items => string.Join(", ", items.Cast<object>().Take(6)) + (items.Cast<object>().Count() > 6 ? ", ..." : string.Empty),
        var other => other.ToString() ?? string.Empty,
    };
}
