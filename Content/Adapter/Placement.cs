using System.Numerics;
using OrleansBridge.Scene.Elements;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>An instance reached from the scene's roots, with its target and world transform.</summary>
/// <param name="Instance">The instance element's name.</param>
/// <param name="Element">The instance element.</param>
/// <param name="Target">The mesh, light or camera it places.</param>
/// <param name="World">Its local transform times its parents'.</param>
internal readonly record struct Placement(string Instance, InstanceElement Element, SceneElement Target, Matrix4x4 World);
