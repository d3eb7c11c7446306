namespace OrleansBridge.Rendering.Video;

/// <summary>
/// Sizes and offsets of libx264 build 164's structs on x86-64 Linux (LP64), from x264.h of Debian's
/// <c>libx264-dev 2:0.164.3095+gitbaee400-3</c> compiled with gcc: <c>sizeof</c> and <c>offsetof</c>
/// printed by a probe program. The unit tests check the <c>x264_param_t</c> offsets against the
/// library itself: an option set by name must be read back at its offset.
/// </summary>
internal static class X264Layout
{
    /// <summary><c>sizeof(x264_param_t)</c>.</summary>
    public const int ParamSize = 1024;

    /// <summary><c>offsetof(x264_param_t, i_width)</c>.</summary>
    public const int ParamWidth = 28;

    /// <summary><c>offsetof(x264_param_t, i_height)</c>.</summary>
    public const int ParamHeight = 32;

    /// <summary><c>offsetof(x264_param_t, i_csp)</c>.</summary>
    public const int ParamCsp = 36;

    /// <summary><c>offsetof(x264_param_t, i_keyint_max)</c> (read back by the layout test only).</summary>
    public const int ParamKeyintMax = 100;

    /// <summary><c>offsetof(x264_param_t, i_log_level)</c> (read back by the layout test only).</summary>
    public const int ParamLogLevel = 528;

    /// <summary><c>offsetof(x264_param_t, rc.i_bitrate)</c>.</summary>
    public const int ParamBitrate = 676;

    /// <summary><c>offsetof(x264_param_t, rc.i_vbv_max_bitrate)</c>.</summary>
    public const int ParamVbvMaxBitrate = 692;

    /// <summary><c>offsetof(x264_param_t, rc.i_vbv_buffer_size)</c>.</summary>
    public const int ParamVbvBufferSize = 696;

    /// <summary><c>offsetof(x264_param_t, b_aud)</c> (read back by the layout test only).</summary>
    public const int ParamAud = 896;

    /// <summary><c>offsetof(x264_param_t, b_repeat_headers)</c> (read back by the layout test only).</summary>
    public const int ParamRepeatHeaders = 900;

    /// <summary><c>offsetof(x264_param_t, b_annexb)</c> (read back by the layout test only).</summary>
    public const int ParamAnnexB = 904;

    /// <summary><c>sizeof(x264_picture_t)</c>.</summary>
    public const int PictureSize = 240;

    /// <summary><c>sizeof(x264_nal_t)</c>.</summary>
    public const int NalSize = 40;
}
