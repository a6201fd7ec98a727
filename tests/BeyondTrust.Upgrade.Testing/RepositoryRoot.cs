using System;
using System.IO;

namespace BeyondTrust.Upgrade.Testing;

/// <summary>The repository's root folder (the one holding BeyondTrust.Upgrade.sln), found from the test assembly's folder.</summary>
public static class RepositoryRoot
{
    /// <summary>The root's full path.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "BeyondTrust.Upgrade.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("No BeyondTrust.Upgrade.sln above " + AppContext.BaseDirectory + ".");
    }
}
