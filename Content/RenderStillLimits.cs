using OrleansBridge.Rendering.Integrators;

namespace OrleansBridge.Rendering;

/// <summary>The checks of a still request against the configured limits: one place for the job (the edge) and the worker.</summary>
internal static class RenderStillLimits
{
    /// <summary>The formats a still can be written in (<c>jpeg</c> is accepted for <c>jpg</c>).</summary>
    public static readonly string[] Formats = ["png", "jpg", "exr"];

    /// <summary>Null when the request is within limits, otherwise the refusal.</summary>
    public static RenderStillOutcome? Check(RenderStillRequest request, RenderingOptions limits)
    {
        if (request.Width < 1 || request.Height < 1 || request.Width > limits.MaxWidth || request.Height > limits.MaxHeight)
        {
            return RenderStillOutcome.Fail(ErrorCode.RenderSizeInvalid,
                $"The image is {request.Width}x{request.Height}; width must be 1–{limits.MaxWidth} and height 1–{limits.MaxHeight}.");
        }

        if (request.SamplesPerPixel is < 1 || request.SamplesPerPixel > limits.MaxSamplesPerPixel)
        {
            return RenderStillOutcome.Fail(ErrorCode.RenderBudgetInvalid, $"spp is {request.SamplesPerPixel}; it must be 1–{limits.MaxSamplesPerPixel}.");
        }

        if (request.Seconds is { } s && (!double.IsFinite(s) || s <= 0 || s > limits.MaxSeconds))
        {
            return RenderStillOutcome.Fail(ErrorCode.RenderBudgetInvalid, $"seconds is {s}; it must be above 0 and at most {limits.MaxSeconds}.");
        }

        if (!Formats.Contains(CanonicalFormat(request.Format)))
        {
            return RenderStillOutcome.Fail(ErrorCode.RenderFormatInvalid, $"format is '{request.Format}'; use png, jpg or exr.");
        }

        if (request.ToneMapping is { } t && t is not ("standard" or "aces"))
        {
            return RenderStillOutcome.Fail(ErrorCode.RenderFormatInvalid, $"toneMapping is '{t}'; use standard or aces.");
        }

        if (request.Exposure is { } e && (!float.IsFinite(e) || Math.Abs(e) > 64))
        {
            return RenderStillOutcome.Fail(ErrorCode.RenderBudgetInvalid, $"exposure is {e}; it must be within ±64 stops.");
        }

        var filterRefusal = FireflyFilter.Refusal("clampDirect", request.ClampDirect)
            ?? FireflyFilter.Refusal("clampIndirect", request.ClampIndirect)
            ?? FireflyFilter.Refusal("filterGlossy", request.FilterGlossy)
            ?? Materials.DiffuseModels.Refusal("diffuse", request.Diffuse)
            ?? Sampling.PixelFilter.Refusal("pixelFilter", request.PixelFilter);
        return filterRefusal is null ? null : RenderStillOutcome.Fail(ErrorCode.InvalidArgument, filterRefusal);
    }

    /// <summary><c>jpeg</c> → <c>jpg</c>; other names as given.</summary>
    public static string CanonicalFormat(string format) => format == "jpeg" ? "jpg" : format;
}
