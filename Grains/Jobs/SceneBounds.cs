namespace OrleansBridge.Jobs;

/// <summary>An axis-aligned box.</summary>
internal sealed record SceneBounds(float[] Min, float[] Max);
