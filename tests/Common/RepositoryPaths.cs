namespace OrleansBridge.Tests;

/// <summary>Finds the repository from a test or bench binary, for the tools ./test.sh installs under .tools/.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding OrleansBridge.sln, searched upwards from the binary.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path under the repository root.</summary>
    public static string Under(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OrleansBridge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No OrleansBridge.sln above {AppContext.BaseDirectory}.");
    }
}
