using System.Reflection;
using OrleansBridge.Logging;

namespace OrleansBridge.Tests.Logging;

/// <summary>docs/operations.md lists every log event id the product defines, with its name.</summary>
public sealed class LogEventsDocTests
{
    [Fact]
    public void OperationsDoc_ListsEveryLogEvent_ByIdAndName()
    {
        var doc = File.ReadAllText(RepositoryPaths.Under("docs", "operations.md"));
        var events = typeof(LogEvents).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int))
            .Select(f => (Id: (int)f.GetRawConstantValue()!, f.Name))
            .ToList();
        Assert.NotEmpty(events);
        var missing = events.Where(e => !doc.Contains($"| {e.Id} | {e.Name} |", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "docs/operations.md lacks rows for: " + string.Join(", ", missing.Select(e => $"{e.Id} {e.Name}")));
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
    }
}
