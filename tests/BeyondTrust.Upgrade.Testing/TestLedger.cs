using BeyondTrust.Upgrade.Lab;

namespace BeyondTrust.Upgrade.Testing;

/// <summary>
/// Keeps the tests' appliance ledger (hands-off marks, site installs: BeyondTrust.Upgrade.Client.Ledger.ApplianceLedger)
/// out of the user's profile and free of other labs' records. The data folder is <c>BTUPGRADE_DATA_HOME</c>
/// (tests/test.runsettings sets it to out/test-data; made absolute here so child processes agree), else out/test-data.
/// A lab's loopback ports are reused by later labs, so each lab start forgets whatever an earlier lab left at its
/// appliances' addresses. The file names follow the ledger's scheme (a Client test checks they agree); this project
/// does not reference the client, because the module tests load it from the staged module.
/// </summary>
public static class TestLedger
{
    /// <summary>The ledger's environment variable.</summary>
    public const string DataHomeVariable = "BTUPGRADE_DATA_HOME";

    private static readonly object Gate = new();

    /// <summary>The tests' data folder, absolute, set for this process and its children.</summary>
    public static string DataHome
    {
        get
        {
            lock (Gate)
            {
                var home = Environment.GetEnvironmentVariable(DataHomeVariable);
                var full = string.IsNullOrEmpty(home) ? Path.Combine(RepositoryRoot(), "out", "test-data") : Path.GetFullPath(home);
                if (!string.Equals(home, full, StringComparison.Ordinal))
                {
                    Environment.SetEnvironmentVariable(DataHomeVariable, full);
                }

                return full;
            }
        }
    }

    /// <summary>The record file of the appliance at <paramref name="baseUri"/> (the ledger's naming: host with anything
    /// but a-z, 0-9, '.', '-' as '_', then '_' and the port).</summary>
    public static string PathOf(Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        var host = new string([.. baseUri.Host.ToLowerInvariant().Select(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '.' || c == '-' ? c : '_')]);
        return Path.Combine(DataHome, "appliances", host + "_" + baseUri.Port + ".json");
    }

    /// <summary>Forgets the records of a lab's appliances (left by an earlier lab on the same ports).</summary>
    public static void ForgetLab(LabServer lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        foreach (var appliance in lab.Appliances)
        {
            var record = PathOf(appliance.BaseUri);
            if (File.Exists(record))
            {
                File.Delete(record);
            }
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BeyondTrust.Upgrade.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("BeyondTrust.Upgrade.sln is not above " + AppContext.BaseDirectory + ".");
    }
}
