using System.Runtime.InteropServices;

namespace OrleansBridge.Rendering.Video;

/// <summary><c>x264_nal_t</c> of build 164 (40 bytes on LP64).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct X264Nal
{
    /// <summary><c>i_ref_idc</c>.</summary>
    public int RefIdc;

    /// <summary><c>i_type</c>: the NAL unit type (H.264 Table 7-1).</summary>
    public int Type;

    /// <summary><c>b_long_startcode</c>: the payload starts with a 4-byte start code, else a 3-byte one (Annex-B mode).</summary>
    public int LongStartCode;

    /// <summary><c>i_first_mb</c>.</summary>
    public int FirstMb;

    /// <summary><c>i_last_mb</c>.</summary>
    public int LastMb;

    /// <summary><c>i_payload</c>: bytes at <see cref="Payload"/>, start code included.</summary>
    public int PayloadSize;

    /// <summary><c>p_payload</c>.</summary>
    public nint Payload;

    /// <summary><c>i_padding</c>.</summary>
    public int Padding;
}
