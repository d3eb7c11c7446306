namespace OrleansBridge.Rendering.Images;

/// <summary>
/// The seven passes of Adam7 interlacing (PNG spec, 3rd ed., §8.2): pass p holds the pixels at
/// x = XStart + i·XStep, y = YStart + j·YStep. A non-interlaced image is one pass of step 1.
/// </summary>
internal readonly record struct Adam7(int XStart, int YStart, int XStep, int YStep)
{
    /// <summary>The seven Adam7 passes, in order.</summary>
    public static readonly Adam7[] Passes =
    [
        new(0, 0, 8, 8),
        new(4, 0, 8, 8),
        new(0, 4, 4, 8),
        new(2, 0, 4, 4),
        new(0, 2, 2, 4),
        new(1, 0, 2, 2),
        new(0, 1, 1, 2),
    ];

    /// <summary>The single pass of a non-interlaced image.</summary>
    public static readonly Adam7[] Whole = [new(0, 0, 1, 1)];

    /// <summary>Pixels across this pass of an image <paramref name="width"/> wide (0 when it is empty).</summary>
    public int Columns(int width) => width > XStart ? (width - XStart + XStep - 1) / XStep : 0;

    /// <summary>Rows of this pass of an image <paramref name="height"/> high (0 when it is empty).</summary>
    public int Rows(int height) => height > YStart ? (height - YStart + YStep - 1) / YStep : 0;
}
