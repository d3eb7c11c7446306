using System.Runtime.InteropServices;

namespace OrleansBridge.Rendering.Video;

/// <summary>
/// libx264's C API (x264.h of build 164, Debian's <c>libx264-164</c>), called in process. Only what
/// <see cref="X264FrameEncoder"/> needs. <c>x264_param_t</c> (1,024 bytes) is kept as an opaque block:
/// options are set by name through <c>x264_param_parse</c>, the x264 CLI's own parser, and only the
/// few fields it has no name for (size, colour space) are written at their offsets
/// (<see cref="X264Layout"/>), so a layout mistake cannot silently move an option.
/// </summary>
internal static unsafe partial class X264Native
{
    /// <summary>The shared object, by its soname: the API and the struct layouts below are build 164's.</summary>
    public const string Library = "libx264.so.164";

    /// <summary>x264.h <c>X264_CSP_I420</c>: planar 4:2:0.</summary>
    public const int CspI420 = 0x0002;

    /// <summary>x264.h <c>X264_TYPE_AUTO</c>: the encoder chooses the frame type.</summary>
    public const int TypeAuto = 0x0000;

    /// <summary>x264.h <c>X264_TYPE_IDR</c>: force an IDR frame.</summary>
    public const int TypeIdr = 0x0001;

    private static readonly Lazy<string?> LoadFailure = new(Probe);

    /// <summary>True when the library loads and exports the build-164 entry points.</summary>
    public static bool IsAvailable => LoadFailure.Value is null;

    /// <summary>Why the library cannot be used, or null when it can.</summary>
    public static string? Unavailable => LoadFailure.Value;

    [LibraryImport(Library, EntryPoint = "x264_param_default_preset", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ParamDefaultPreset(byte* param, string preset, string? tune);

    [LibraryImport(Library, EntryPoint = "x264_param_apply_profile", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ParamApplyProfile(byte* param, string profile);

    /// <summary>0 on success, -1 for an unknown name, -2 for a bad value.</summary>
    [LibraryImport(Library, EntryPoint = "x264_param_parse", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ParamParse(byte* param, string name, string? value);

    /// <summary><c>x264_encoder_open</c> is a macro for the versioned symbol, which fails to link against another build.</summary>
    [LibraryImport(Library, EntryPoint = "x264_encoder_open_164")]
    public static partial nint EncoderOpen(byte* param);

    [LibraryImport(Library, EntryPoint = "x264_encoder_reconfig")]
    public static partial int EncoderReconfig(nint encoder, byte* param);

    [LibraryImport(Library, EntryPoint = "x264_encoder_parameters")]
    public static partial void EncoderParameters(nint encoder, byte* param);

    /// <summary>Returns the bytes of the NAL units (contiguous in memory, in order), 0 for none, negative on error.</summary>
    [LibraryImport(Library, EntryPoint = "x264_encoder_encode")]
    public static partial int EncoderEncode(nint encoder, X264Nal** nals, int* count, X264Picture* input, X264Picture* output);

    [LibraryImport(Library, EntryPoint = "x264_encoder_close")]
    public static partial void EncoderClose(nint encoder);

    [LibraryImport(Library, EntryPoint = "x264_picture_init")]
    public static partial void PictureInit(X264Picture* picture);

    [LibraryImport(Library, EntryPoint = "x264_picture_alloc")]
    public static partial int PictureAlloc(X264Picture* picture, int csp, int width, int height);

    [LibraryImport(Library, EntryPoint = "x264_picture_clean")]
    public static partial void PictureClean(X264Picture* picture);

    /// <summary>Sets <paramref name="name"/> or says why not (an unknown option or a bad value is a bug here, not an input error).</summary>
    public static void Set(byte* param, string name, string value)
    {
        var result = ParamParse(param, name, value);
        if (result != 0)
        {
            throw new InvalidOperationException($"x264 refused {name}={value} ({(result == -1 ? "unknown option" : "bad value")}).");
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "libx264 is called in process on Linux only";
        }

        if (!NativeLibrary.TryLoad(Library, out var handle))
        {
            return $"{Library} does not load";
        }

        // The versioned symbol is the ABI check: another build's library exports x264_encoder_open_<build>.
        return NativeLibrary.TryGetExport(handle, "x264_encoder_open_164", out _) ? null : $"{Library} lacks x264_encoder_open_164";
    }
}
