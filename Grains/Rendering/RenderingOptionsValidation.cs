using Microsoft.Extensions.Options;

namespace OrleansBridge.Rendering;

/// <summary>Stops the start on unusable <c>Bridge:Rendering</c> defaults, naming each key to fix.</summary>
internal sealed class RenderingOptionsValidation : IValidateOptions<RenderingOptions>
{
    public ValidateOptionsResult Validate(string? name, RenderingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems(RenderingServiceCollectionExtensions.Section);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
