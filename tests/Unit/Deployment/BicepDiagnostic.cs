namespace OrleansBridge.Tests.Deployment;

/// <summary>One diagnostic of the Bicep compiler or its linter.</summary>
/// <param name="Line">1-based line in the source.</param>
/// <param name="Level"><c>Error</c>, <c>Warning</c> or <c>Info</c>.</param>
/// <param name="Code">e.g. <c>BCP037</c> or a linter rule such as <c>no-unused-params</c>.</param>
/// <param name="Message">What it says.</param>
public sealed record BicepDiagnostic(int Line, string Level, string Code, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"line {Line}: {Level} {Code}: {Message}";
}
