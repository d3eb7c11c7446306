namespace OrleansBridge.Tests.Deployment;

/// <summary>The outcome of one <c>bicep build</c>.</summary>
/// <param name="ExitCode">0 when it compiled (warnings do not change it).</param>
/// <param name="Json">The ARM template.</param>
/// <param name="StandardError">Everything the compiler wrote to standard error.</param>
/// <param name="Diagnostics">Its errors, warnings and infos.</param>
public sealed record BicepBuild(int ExitCode, string Json, string StandardError, IReadOnlyList<BicepDiagnostic> Diagnostics);
