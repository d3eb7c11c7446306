using System.Numerics;
using System.Runtime.CompilerServices;

namespace OrleansBridge.Rendering.Gpu.Kernels;

/// <summary>
/// Three floats for kernels. <see cref="Vector3"/> cannot be used on a device: since .NET 8 its
/// operators are written over <c>Vector128</c>, which ILGPU does not compile.
/// </summary>
internal readonly struct Float3
{
    public readonly float X;
    public readonly float Y;
    public readonly float Z;

    public Float3(float x, float y, float z)
    {
        X = x;
        Y = y;
        Z = z;
    }

    public Float3(float v)
        : this(v, v, v)
    {
    }

    public static Float3 Zero => default;

    public static Float3 One => new(1f);

    public static Float3 operator +(Float3 a, Float3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Float3 operator -(Float3 a, Float3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Float3 operator -(Float3 a) => new(-a.X, -a.Y, -a.Z);

    public static Float3 operator *(Float3 a, Float3 b) => new(a.X * b.X, a.Y * b.Y, a.Z * b.Z);

    public static Float3 operator *(Float3 a, float s) => new(a.X * s, a.Y * s, a.Z * s);

    public static Float3 operator *(float s, Float3 a) => new(a.X * s, a.Y * s, a.Z * s);

    public static Float3 operator /(Float3 a, float s) => new(a.X / s, a.Y / s, a.Z / s);

    public bool IsZero => X == 0f && Y == 0f && Z == 0f;

    public float Sum => X + Y + Z;

    /// <summary>Rec. 709 luminance of linear RGB (as <c>GltfBsdf.Luminance</c>).</summary>
    public float Luminance => (0.2126f * X) + (0.7152f * Y) + (0.0722f * Z);

    public float MaxComponent => MathF.Max(X, MathF.Max(Y, Z));

    public float this[int axis] => axis == 0 ? X : axis == 1 ? Y : Z;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(Float3 a, Float3 b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);

    public static Float3 Cross(Float3 a, Float3 b) => new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    public float Length() => MathF.Sqrt(Dot(this, this));

    public static Float3 Normalize(Float3 a) => a / a.Length();

    public static Float3 Lerp(Float3 a, Float3 b, float t) => a + ((b - a) * t);

    public static Float3 Min(Float3 a, Float3 b) => new(MathF.Min(a.X, b.X), MathF.Min(a.Y, b.Y), MathF.Min(a.Z, b.Z));

    public static Float3 Max(Float3 a, Float3 b) => new(MathF.Max(a.X, b.X), MathF.Max(a.Y, b.Y), MathF.Max(a.Z, b.Z));

    /// <summary>Host side only: from a <see cref="Vector3"/>.</summary>
    public static Float3 From(Vector3 v) => new(v.X, v.Y, v.Z);
}
