using OrleansBridge.Rendering.Scene;

namespace OrleansBridge.Rendering.Adapter;

/// <summary>A camera placed in the scene: the instance that places it, the camera element, and the renderer's camera.</summary>
/// <param name="Instance">The instance element's name (a render request may name it).</param>
/// <param name="Camera">The camera element's name (a render request may name it too; its first placement wins).</param>
/// <param name="Data">Field by field from the element, with the instance's world transform.</param>
public sealed record SceneCamera(string Instance, string Camera, CameraData Data);
