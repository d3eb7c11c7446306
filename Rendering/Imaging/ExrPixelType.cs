namespace OrleansBridge.Rendering.Imaging;

/// <summary>
/// Channel sample type of an OpenEXR file (the values are the file format's codes). Half keeps about
/// three significant digits over a range of 6e-5 to 65504, plenty for display and half the size;
/// float keeps the accumulated estimate bit for bit.
/// </summary>
public enum ExrPixelType
{
    /// <summary>16-bit IEEE 754 half float, HALF in the format (code 1).</summary>
    Half = 1,

    /// <summary>32-bit IEEE 754 float, FLOAT in the format (code 2).</summary>
    Full = 2,
}
