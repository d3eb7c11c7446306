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

  /** The edit's way to the picture, stage by stage ({@link editStages}); the stages add up to the latency. */
  timeline(stages) {
    this._set('timeline', stages.map(([name, ms]) => `${name} ${ms.toFixed(0)}`).join(' · ') + ' ms');
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

/**
 * The stages from an edit made (`editAt`) to its frame on screen (`presentedAt`), all on this page's
 * clock except the server's `timeline` (docs/protocol.md §6.7), whose offsets run from the server's
 * receipt of the commit and are only ever subtracted from one another: 'client' is the transaction's
 * begin and puts before its commit was sent (`commitAt`); the server's span (`sent`) is taken out of
 * the interval from the commit sent to the frame received, and what is left is the network both ways
 * ('net'). The stages add up to presentedAt − editAt. Null without a timeline (a server before it, or
 * the still fallback).
 */
export function editStages(timeline, { editAt, commitAt = editAt, receivedAt, decodedAt, presentedAt }) {
  if (!timeline || receivedAt === undefined) {
    return null;
  }
  const t = timeline;
  return [
    ['client', commitAt - editAt],
    ['commit', t.committed],
    ['load', t.renderStart - t.committed],
    ['render', t.renderEnd - t.renderStart],
    ['wait', t.encodeStart - t.renderEnd],
    ['encode', t.encodeEnd - t.encodeStart],
    ['queue', t.sent - t.encodeEnd],
    ['net', receivedAt - commitAt - t.sent],
    ['decode', decodedAt - receivedAt],
    ['draw', presentedAt - decodedAt],
  ];
}

/**
 * Draws frames on the canvas and counts them (data-frames, data-spp: what tests and tools read). A
 * frame counts as on screen in the animation frame after it was drawn: then its `ack` runs (the
 * MediaAck, so the server paces the stream on what is shown, not on what arrived) and an edit it
 * answers gets its latency and timeline (data-timeline).
 */
export class Screen {
  constructor(canvas, figures) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d', { willReadFrequently: true }); // Tools and tests read the pixels back.
    this.figures = figures;
    this.frames = 0;
    this.presented = 0; // the media id of the last frame on screen
    this._edits = []; // {version or transaction, at}
  }

  /** Notes a camera or settings commit, to measure the time until a frame shows it. */
  edited(commit, at) {
    this._edits.push({ version: commit.version, transaction: commit.transaction, at, commitAt: commit.commitSentAt });
  }

  draw(image, { bytes, spp, version, transaction, mediaId, receivedAt, timeline, ack }) {
    const decodedAt = performance.now();
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
    this._edits = this._edits.filter((e) => !shown.includes(e));
    requestAnimationFrame(() => {
      const presentedAt = performance.now();
      if (mediaId !== undefined) {
        this.presented = mediaId;
      }
      ack?.();
      if (shown.length > 0) {
        const edit = shown[shown.length - 1];
        const editAt = edit.at;
        this.figures.latency(presentedAt - editAt);
        // The server's offsets count from the receipt of the frame's own transaction: only that edit's stages can be told.
        const stages = edit.transaction === transaction ? editStages(timeline, { editAt, commitAt: edit.commitAt, receivedAt, decodedAt, presentedAt }) : null;
        if (stages) {
          this.figures.timeline(stages);
          this.canvas.dataset.timeline = JSON.stringify({ latency: presentedAt - editAt, mediaId, stages: Object.fromEntries(stages), server: timeline });
        }
      }
    });
  }
}

/**
 * H.264 Annex-B access units through WebCodecs. A frame's `ack` runs once it is on screen; one the
 * decoder will never output (skipped before a keyframe, dropped by a reset, lost to an error) is
 * acknowledged at once, so the server's window never waits on it.
 */
export class H264Decoder {
  constructor(screen, onError) {
    this._screen = screen;
    this._pending = [];
    this._decoder = new VideoDecoder({
      output: (frame) => {
        this._screen.draw(frame, this._pending.shift() ?? {});
        frame.close();
      },
      error: (error) => {
        this._release();
        onError(error);
      },
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

  /** Decodes a frame; `frame` carries what the screen needs afterwards: {mediaId, receivedAt, ack}. */
  decode(info, data, frame = {}) {
    if (!this._configured) {
      if (!info.keyframe) {
        frame.ack?.();
        return; // A decoder starts at a keyframe.
      }
      // Without a description, WebCodecs expects Annex-B (start codes) — the format the server sends.
      this._decoder.configure({ codec: codecOf(data) ?? 'avc1.42E01F', optimizeForLatency: true });
      this._configured = true;
    }
    this._pending.push({ bytes: data.byteLength, spp: info.spp, version: info.version, transaction: info.transaction, timeline: info.timeline, ...frame });
    this._decoder.decode(new EncodedVideoChunk({ type: info.keyframe ? 'key' : 'delta', timestamp: info.frame * 1000, data }));
  }

  /** After a resize or a lost frame: wait for the next keyframe. */
  reset() {
    if (this._configured && this._decoder.state !== 'closed') {
      this._decoder.reset();
    }
    this._release();
    this._configured = false;
  }

  close() {
    if (this._decoder.state !== 'closed') {
      this._decoder.close();
    }
    this._release();
  }

  /** Frames that will never be output: acknowledged now. */
  _release() {
    const dropped = this._pending;
    this._pending = [];
    for (const frame of dropped) {
      frame.ack?.();
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

/** Decodes a JPEG/PNG/WebP frame and draws it; an undecodable one is acknowledged (`info.ack`) and rethrown. */
export async function drawImageBytes(screen, data, type, info) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(new Blob([data], { type }));
  } catch (error) {
    info.ack?.();
    throw error;
  }
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
