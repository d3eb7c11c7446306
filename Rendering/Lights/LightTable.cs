using OrleansBridge.Rendering.Sampling;

namespace OrleansBridge.Rendering.Lights;

/// <summary>
/// Every light of a scene in one list, picked by power with an <see cref="AliasTable"/> (pbrt's
/// PowerLightSampler): entries [0, P) are punctual lights, [P, P + T) emissive triangles, and the
/// environment, when there is one, is last. Infinite lights get the power they would deliver onto a
/// disc of the scene's bounding radius.
/// </summary>
internal sealed class LightTable
{
    private readonly AliasTable? _alias;

    /// <summary>Builds the table; <paramref name="triangleWeights"/> are the triangles' powers.</summary>
    public LightTable(PunctualLight[] punctual, EmissiveTriangle[] triangles, ReadOnlySpan<float> triangleWeights, EnvironmentLight? environment, float sceneRadius)
    {
        Punctual = punctual;
        Triangles = triangles;
        Environment = environment;
        var weights = new double[punctual.Length + triangles.Length + (environment is null ? 0 : 1)];
        for (var i = 0; i < punctual.Length; i++)
        {
            weights[i] = punctual[i].Power(sceneRadius);
        }

        for (var i = 0; i < triangles.Length; i++)
        {
            weights[punctual.Length + i] = triangleWeights[i];
        }

        EnvironmentEntry = -1;
        if (environment is not null)
        {
            EnvironmentEntry = weights.Length - 1;
            weights[EnvironmentEntry] = environment.Power(sceneRadius);
        }

        if (weights.Any(w => w > 0.0))
        {
            _alias = new AliasTable(weights);
        }
    }

    /// <summary>Punctual lights (entries 0 ..).</summary>
    public PunctualLight[] Punctual { get; }

    /// <summary>Emissive triangles (entries after the punctual lights).</summary>
    public EmissiveTriangle[] Triangles { get; }

    /// <summary>The environment, if any.</summary>
    public EnvironmentLight? Environment { get; }

    /// <summary>Entry index of the environment, or -1.</summary>
    public int EnvironmentEntry { get; }

    /// <summary>True when at least one light carries power.</summary>
    public bool HasLights => _alias is not null;

    /// <summary>Entry index of emissive triangle <paramref name="triangle"/>.</summary>
    public int TriangleEntry(int triangle) => Punctual.Length + triangle;

    /// <summary>Probability of picking <paramref name="entry"/>.</summary>
    public float Pmf(int entry) => _alias is null || entry < 0 ? 0f : _alias.Pmf(entry);

    /// <summary>Picks an entry by power.</summary>
    public int Pick(float u, out float pmf)
    {
        if (_alias is null)
        {
            pmf = 0f;
            return -1;
        }

        return _alias.Sample(u, out pmf);
    }
}
