using System.Runtime.InteropServices;

namespace OrleansBridge.Rendering.Video;

/// <summary>
/// <c>x264_picture_t</c> of build 164 (240 bytes): the fields used here at their offsets (see
/// <see cref="X264Layout"/>), the rest (image properties, HRD timing, user SEI, opaque) left to
/// <c>x264_picture_init</c>/<c>x264_picture_alloc</c>. <c>img</c> (an <c>x264_image_t</c>) starts at 40.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = X264Layout.PictureSize)]
internal struct X264Picture
{
    /// <summary><c>i_type</c>: in, a forced frame type (<see cref="X264Native.TypeIdr"/>); out, the type coded.</summary>
    [FieldOffset(0)]
    public int Type;

    /// <summary><c>b_keyframe</c> (out): a decoder can start at this frame.</summary>
    [FieldOffset(12)]
    public int Keyframe;

    /// <summary><c>i_pts</c>.</summary>
    [FieldOffset(16)]
    public long Pts;

    /// <summary><c>param</c>: per-frame parameters; null here (bitrate changes go through <c>x264_encoder_reconfig</c>).</summary>
    [FieldOffset(32)]
    public nint Param;

    /// <summary><c>img.i_csp</c>.</summary>
    [FieldOffset(40)]
    public int Csp;

    /// <summary><c>img.i_plane</c>.</summary>
    [FieldOffset(44)]
    public int Planes;

    /// <summary><c>img.i_stride[0]</c> (luma).</summary>
    [FieldOffset(48)]
    public int StrideY;

    /// <summary><c>img.i_stride[1]</c> (Cb).</summary>
    [FieldOffset(52)]
    public int StrideU;

    /// <summary><c>img.i_stride[2]</c> (Cr).</summary>
    [FieldOffset(56)]
    public int StrideV;

    /// <summary><c>img.plane[0]</c>.</summary>
    [FieldOffset(64)]
    public nint PlaneY;

    /// <summary><c>img.plane[1]</c>.</summary>
    [FieldOffset(72)]
    public nint PlaneU;

    /// <summary><c>img.plane[2]</c>.</summary>
    [FieldOffset(80)]
    public nint PlaneV;
}
