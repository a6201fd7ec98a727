namespace BeyondTrust.Upgrade.Rehearsal.Hosting;

/// <summary>Paths in the repository: the staged module and the example runbooks.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The staged module's manifest: out/BeyondTrust.Upgrade/&lt;version&gt;/BeyondTrust.Upgrade.psd1.</summary>
    public static string StagedManifest
    {
        get
        {
            var folder = Path.Combine(Root, "out", "BeyondTrust.Upgrade", ModuleVersion);
            var manifest = Path.Combine(folder, "BeyondTrust.Upgrade.psd1");
            if (!File.Exists(manifest))
            {
                throw new InvalidOperationException("The module is not staged at " + folder + ": build src/BeyondTrust.Upgrade first.");
            }

            return manifest;
        }
    }

    public static string StagedFolder => Path.GetDirectoryName(StagedManifest)!;

    /// <summary>The one module version, from Directory.Build.props.</summary>
    public static string ModuleVersion
    {
        get
        {
            var props = System.Xml.Linq.XDocument.Load(Path.Combine(Root, "Directory.Build.props"));
            return props.Descendants("ModuleVersion").First().Value.Trim();
        }
    }

    public static string Runbook(string name) => Path.Combine(Root, "examples", "runbooks", name);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "BeyondTrust.Upgrade.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("BeyondTrust.Upgrade.sln not found above " + AppContext.BaseDirectory);
    }
}
