// The picture: a video context (docs/protocol.md §6.7) decoded with WebCodecs (H.264 Annex-B) or as
// JPEG frames, or, on a server without video contexts, repeated render.still images of growing sample
// counts. Draws onto the canvas and keeps the overlay's figures.

import { BridgeError } from './bridge-client.js';

/** Sample counts of the still fallback: each pass refines the last, so the picture changes as samples accumulate. */
const STILL_PASSES = [1, 4, 16, 64, 256, 1024, 4096];

/** Measures what the overlay shows: fps, bitrate, edit-to-photon latency, spp, resolution. */
export class StreamFigures {
  constructor(overlay) {
    this._overlay = overlay;
    this._window = []; // {at, bytes}
    this.latencyMs = null;
  }

  frame(bytes, spp, width, height) {
    const now = performance.now();
    this._window.push({ at: now, bytes });
    while (this._window.length > 0 && now - this._window[0].at > 1000) {
      this._window.shift();
    }
    const kbps = this._window.reduce((sum, f) => sum + f.bytes, 0) * 8 / 1000;
    this._set('fps', String(this._window.length));
    this._set('bitrate', `${kbps.toFixed(0)} kbit/s`);
    this._set('spp', String(spp ?? '–'));
    this._set('resolution', `${width}×${height}`);
  }

  latency(ms) {
    this.latencyMs = ms;
    this._set('latency', `${ms.toFixed(0)} ms`);
  }

  kind(text) {
    this._set('stream', text);
  }

  _set(metric, text) {
    const cell = this._overlay.querySelector(`[data-metric="${metric}"]`);
    if (cell) {
      cell.textContent = text;
    }
  }
}

/** Draws frames on the canvas and counts them (data-frames, data-spp: what tests and tools read). */
export class Screen {
  constructor(canvas, figures) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d', { willReadFrequently: true }); // Tools and tests read the pixels back.
    this.figures = figures;
    this.frames = 0;
    this._edits = []; // {version or transaction, at}
  }

  /** Notes a camera or settings commit, to measure the time until a frame shows it. */
  edited(commit, at) {
    this._edits.push({ version: commit.version, transaction: commit.transaction, at });
  }

  draw(image, { bytes, spp, version, transaction }) {
    const { width, height } = image.displayWidth !== undefined
      ? { width: image.displayWidth, height: image.displayHeight }
      : { width: image.width, height: image.height };
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
    this.context.drawImage(image, 0, 0);
    this.frames++;
    this.canvas.dataset.frames = String(this.frames);
    this.canvas.dataset.spp = String(spp ?? 0);
    this.figures.frame(bytes, spp, width, height);
    const shown = this._edits.filter((e) => (transaction && e.transaction === transaction) || (version !== undefined && e.version <= version));
    if (shown.length > 0) {
      this.figures.latency(performance.now() - shown[shown.length - 1].at);
      this._edits = this._edits.filter((e) => !shown.includes(e));
    }
  }
}

/** H.264 Annex-B access units through WebCodecs. */
export class H264Decoder {
  constructor(screen, onError) {
    this._screen = screen;
    this._pending = [];
    this._decoder = new VideoDecoder({
      output: (frame) => {
        this._screen.draw(frame, this._pending.shift() ?? {});
        frame.close();
      },
      error: (error) => onError(error),
    });
    this._configured = false;
  }

  /** True when this browser decodes H.264 (WebCodecs exists only in secure contexts: https or localhost). */
  static async supported() {
    if (typeof VideoDecoder !== 'function') {
      return false;
    }
    try {
      return (await VideoDecoder.isConfigSupported({ codec: 'avc1.42E01F', optimizeForLatency: true })).supported === true;
    } catch {
      return false;
    }
  }

  decode(info, data) {
    if (!this._configured) {
      if (!info.keyframe) {
        return; // A decoder starts at a keyframe.
      }
      // Without a description, WebCodecs expects Annex-B (start codes) — the format the server sends.
      this._decoder.configure({ codec: codecOf(data) ?? 'avc1.42E01F', optimizeForLatency: true });
      this._configured = true;
    }
    this._pending.push({ bytes: data.byteLength, spp: info.spp, version: info.version, transaction: info.transaction });
    this._decoder.decode(new EncodedVideoChunk({ type: info.keyframe ? 'key' : 'delta', timestamp: info.frame * 1000, data }));
  }

  /** After a resize or a lost frame: wait for the next keyframe. */
  reset() {
    if (this._configured && this._decoder.state !== 'closed') {
      this._decoder.reset();
    }
    this._pending = [];
    this._configured = false;
  }

  close() {
    if (this._decoder.state !== 'closed') {
      this._decoder.close();
    }
  }
}

/** The `avc1.PPCCLL` codec string from the first SPS of an Annex-B access unit (RFC 6381 §3.3). */
export function codecOf(data) {
  for (let i = 0; i + 4 < data.length; i++) {
    const startCode = data[i] === 0 && data[i + 1] === 0 && (data[i + 2] === 1 || (data[i + 2] === 0 && data[i + 3] === 1));
    if (startCode) {
      const at = i + (data[i + 2] === 1 ? 3 : 4);
      if ((data[at] & 0x1f) === 7 && at + 3 < data.length) {
        const hex = (b) => b.toString(16).padStart(2, '0');
        return `avc1.${hex(data[at + 1])}${hex(data[at + 2])}${hex(data[at + 3])}`;
      }
    }
  }
  return null;
}

/** Decodes a JPEG/PNG/WebP frame and draws it. */
export async function drawImageBytes(screen, data, type, info) {
  const bitmap = await createImageBitmap(new Blob([data], { type }));
  try {
    screen.draw(bitmap, info);
  } finally {
    bitmap.close();
  }
}

/**
 * The fallback stream: render.still at growing sample counts, each drawn when it arrives; starts over
 * when `restart()` is called (a camera or settings change). Stops at the target or when stopped.
 */
export class StillStream {
  constructor(session, screen, settings, onStatus) {
    this._session = session;
    this._screen = screen;
    this._settings = settings;
    this._onStatus = onStatus;
    this._generation = 0;
    this._running = false;
  }

  restart() {
    if (this._unavailable) {
      return;
    }
    this._generation++;
    if (!this._running) {
      this._run();
    }
  }

  stop() {
    this._generation = -1;
  }

  async _run() {
    this._running = true;
    try {
      while (this._generation >= 0) {
        const generation = this._generation;
        const { width, height } = this._settings.size();
        const target = Math.max(1, this._settings.spp());
        for (const spp of STILL_PASSES.filter((n) => n < target).concat([target])) {
          if (generation !== this._generation) {
            break;
          }
          const head = await this._session.sceneHead();
          const input = { width, height, spp, format: 'jpg', toneMapping: this._settings.toneMapping(), exposure: this._settings.exposure() };
          const result = await this._session.runJob('render.still', input);
          const bytes = await this._session.download(result.image);
          await drawImageBytes(this._screen, bytes, 'image/jpeg', { bytes: bytes.byteLength, spp: result.spp, version: head.version });
        }
        if (generation === this._generation) {
          break; // Converged; a restart() runs it again.
        }
      }
    } catch (error) {
      this._unavailable = error instanceof BridgeError && error.code === 4700; // This server has no render.still.
      this._onStatus(error instanceof BridgeError ? `${error.code}: ${error.reason}` : String(error), true);
    } finally {
      this._running = false;
    }
  }
}
