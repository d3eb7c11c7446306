namespace OrleansBridge.Bench;

/// <summary>One named benchmark; <c>Program</c> finds every implementation by reflection.</summary>
public interface IBench
{
    /// <summary>The name given on the command line.</summary>
    string Name { get; }

    /// <summary>One line shown by <c>--list</c>.</summary>
    string Description { get; }

    /// <summary>Runs and prints figures; returns the exit code.</summary>
    Task<int> RunAsync(string[] args);
}
