// What the viewer does to the session's scene: import a glTF (upload what the cache lacks, then the
// gltf.import job), put its own camera in, move it (one transaction per move), apply render settings.

/** Element names the viewer owns. */
export const CAMERA = 'viewer/camera';
export const CAMERA_INSTANCE = 'viewer/camera-instance';
export const OPTIONS = 'viewer/options';

/** Files a .gltf may reference; data: URIs are inside the file already. */
function referencedUris(gltf) {
  const uris = [...(gltf.buffers ?? []), ...(gltf.images ?? [])].map((b) => b.uri).filter((u) => u && !u.startsWith('data:'));
  return [...new Set(uris)];
}

export class ViewerScene {
  constructor(session) {
    this.session = session;
    this.sceneName = null;
    this._moving = null; // the camera commit in flight
    this._nextMove = null; // the latest transform waiting for it
  }

  /**
   * Imports a .glb, or a .gltf with the files it references (matched by name): hash all, upload the
   * missing ones with progress, run gltf.import. Resolves with the job's result.
   */
  async importFiles(files, { onUpload, onProgress, prefix = 'imported/' } = {}) {
    const main = files.find((f) => /\.(glb|gltf)$/i.test(f.name));
    if (!main) {
      throw new Error('Pick a .glb, or a .gltf with its files.');
    }
    const items = [main];
    const uris = [];
    if (/\.gltf$/i.test(main.name)) {
      for (const uri of referencedUris(JSON.parse(await main.text()))) {
        const name = decodeURIComponent(uri.split('/').pop());
        const file = files.find((f) => f.name === name);
        if (!file) {
          throw new Error(`${main.name} references ${uri}: pick it too.`);
        }
        items.push(file);
        uris.push(uri);
      }
    }
    const uploaded = await this.session.uploadMany(items, { onProgress: onUpload });
    const resources = Object.fromEntries(uris.map((uri, i) => [uri, uploaded[i + 1].hash]));
    const result = await this.session.runJob('gltf.import', { source: uploaded[0].hash, resources, prefix, replace: true }, { onProgress });
    return { result, uploaded };
  }

  /** The bounds of the scene's meshes (scene.stats), to frame the camera. */
  async bounds() {
    try {
      return (await this.session.runJob('scene.stats')).bounds ?? null;
    } catch {
      return null;
    }
  }

  /** Puts the viewer's camera in and makes it the scene's camera; creates a scene element if there is none. */
  async installCamera(transform, aspectRatio) {
    const elements = await this.session.sceneGet();
    const [name, scene] = Object.entries(elements).find(([, e]) => e.type === 'scene') ?? ['scene', { type: 'scene', roots: [] }];
    const tx = this.session.beginTransaction();
    tx.put(CAMERA, { type: 'camera', yFov: Math.PI / 4, aspectRatio, zNear: 0.01 });
    tx.put(CAMERA_INSTANCE, { type: 'instance', target: CAMERA, transform });
    tx.put(name, { ...scene, camera: CAMERA_INSTANCE });
    const commit = await tx.commit();
    this.sceneName = name; // From now on camera moves have an instance to move.
    return commit;
  }

  /**
   * Moves the camera: one transaction per move, at most one in flight; moves that come meanwhile
   * collapse into the latest. `onCommitted(commit, sentAt)` gets each commit with the time it was sent.
   */
  moveCamera(transform, onCommitted) {
    this._nextMove = transform;
    if (!this._moving) {
      this._moving = this._drainMoves(onCommitted).finally(() => { this._moving = null; });
    }
    return this._moving;
  }

  async _drainMoves(onCommitted) {
    while (this._nextMove) {
      const transform = this._nextMove;
      this._nextMove = null;
      const sentAt = performance.now();
      const tx = this.session.beginTransaction();
      tx.put(CAMERA_INSTANCE, { type: 'instance', target: CAMERA, transform });
      const commit = await tx.commit();
      onCommitted?.({ ...commit, transaction: await tx.id(), commitSentAt: tx.commitSentAt }, sentAt);
    }
  }

  /** Tone mapping, exposure and samples per pixel into the scene's options element (the viewer's own when it has none). */
  async applySettings({ toneMapping, exposure, samplesPerPixel }) {
    const elements = await this.session.sceneGet();
    const [sceneName, scene] = Object.entries(elements).find(([, e]) => e.type === 'scene') ?? [null, null];
    if (!scene) {
      return null;
    }
    const optionsName = scene.options ?? OPTIONS;
    const options = elements[optionsName] ?? { type: 'options' };
    const tx = this.session.beginTransaction();
    tx.put(optionsName, { ...options, toneMapping, exposure, samplesPerPixel });
    if (!scene.options) {
      tx.put(sceneName, { ...scene, options: optionsName });
    }
    const commit = await tx.commit();
    return { ...commit, commitSentAt: tx.commitSentAt };
  }
}
