// Uploads into the application's content-addressed cache (docs/protocol.md §6.4): hash with WebCrypto
// SHA-256, ask which keys are missing, send only those, in chunks pipelined within maxInFlightBytes.

import { BridgeError, ErrorCode } from './bridge-frames.js';

/** Room left in a chunk's message for the header, the bulk prefix and the JSON part. */
const CHUNK_OVERHEAD_BYTES = 1024;

/** Keys per cache.query (the server's limit, §6.4). */
const MAX_QUERY_KEYS = 10000;

/** Reads a Blob, ArrayBuffer or typed array as a Uint8Array. */
export async function toBytes(data) {
  if (data instanceof Uint8Array) {
    return data;
  }
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  if (data instanceof ArrayBuffer) {
    return new Uint8Array(data);
  }
  if (typeof data?.arrayBuffer === 'function') {
    return new Uint8Array(await data.arrayBuffer());
  }
  if (typeof data === 'string') {
    return new TextEncoder().encode(data);
  }
  throw new TypeError('Upload data must be a Blob, an ArrayBuffer, a typed array or a string.');
}

/** The cache key of some bytes: the lowercase hex SHA-256 (WebCrypto; needs a secure context in browsers: https or localhost). */
export async function sha256Hex(data) {
  const bytes = await toBytes(data);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest) {
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/**
 * Uploads several items at once: hashes each, one cache.query for all, then sends only what the cache lacks.
 * `items` are Blobs/ArrayBuffers/typed arrays. Progress: {phase: 'hashing'|'querying'|'uploading'|'done',
 * total, done, sent}, bytes over all items. Resolves with [{hash, length, sent, cached}] in the items' order.
 */
export async function uploadMany(session, items, { onProgress, signal } = {}) {
  const report = (phase, done, sent) => onProgress?.({ phase, total, done, sent });
  const entries = [];
  let total = 0;
  for (const item of items) {
    const bytes = await toBytes(item);
    entries.push({ bytes });
    total += bytes.byteLength;
  }
  let hashed = 0;
  report('hashing', 0, 0);
  for (const entry of entries) {
    entry.hash = await sha256Hex(entry.bytes);
    hashed += entry.bytes.byteLength;
    report('hashing', hashed, 0);
  }
  report('querying', total, 0);
  const keys = [...new Set(entries.map((e) => e.hash))];
  const missing = new Set();
  for (let at = 0; at < keys.length; at += MAX_QUERY_KEYS) {
    const result = await session.request('cache.query', { hashes: keys.slice(at, at + MAX_QUERY_KEYS) }, { signal });
    for (const key of result.missing) {
      missing.add(key);
    }
  }
  const uploadTotal = entries.filter((e) => missing.has(e.hash)).reduce((sum, e) => sum + e.bytes.byteLength, 0);
  let before = 0;
  const results = [];
  for (const entry of entries) {
    let sent = 0;
    let cached = true;
    if (missing.delete(entry.hash)) { // Once per key, even when two items share it.
      const base = before;
      ({ sent, cached } = await sendChunks(session, entry.hash, entry.bytes, signal,
        (received) => onProgress?.({ phase: 'uploading', total: uploadTotal, done: base + received, sent: base + received })));
      before += entry.bytes.byteLength;
    }
    results.push({ hash: entry.hash, length: entry.bytes.byteLength, sent, cached });
  }
  report('done', total, before);
  return results;
}

/** Uploads one item; see {@link uploadMany}. */
export async function upload(session, data, options = {}) {
  return (await uploadMany(session, [data], options))[0];
}

/**
 * Reads a whole cache entry (for example the image of render.still) with `cache.download`, range by
 * range, and checks that its SHA-256 is the key; resolves with its bytes. Progress: {phase: 'downloading', total, done}.
 */
export async function download(session, hash, { onProgress, signal } = {}) {
  const slices = [];
  let offset = 0;
  let total = null;
  while (total === null || offset < total) {
    const slice = await session.request('cache.download', { hash, offset }, { signal });
    total = slice.total;
    if (slice.length === 0) {
      break;
    }
    slices.push(fromBase64(slice.data));
    offset += slice.length;
    onProgress?.({ phase: 'downloading', total, done: offset });
  }
  const bytes = new Uint8Array(offset);
  let at = 0;
  for (const slice of slices) {
    bytes.set(slice, at);
    at += slice.byteLength;
  }
  const actual = await sha256Hex(bytes);
  if (actual !== hash) {
    throw new BridgeError(ErrorCode.CacheHashMismatch, `The downloaded bytes hash to ${actual}, not ${hash}.`);
  }
  return bytes;
}

function fromBase64(text) {
  if (typeof Uint8Array.fromBase64 === 'function') {
    return Uint8Array.fromBase64(text);
  }
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/** Sends every chunk of one entry, pipelined; the first error (4502 mismatch, 4506 quota …) rejects. */
async function sendChunks(session, hash, bytes, signal, onReceived) {
  const maxMessage = session.limits?.maxMessageBytes ?? Number.MAX_SAFE_INTEGER;
  const chunkBytes = Math.max(1, Math.min(session.options.uploadChunkBytes, maxMessage - CHUNK_OVERHEAD_BYTES));
  const length = bytes.byteLength;
  const unanswered = [];
  let finished = null;
  let offset = 0;
  const settle = (response) => {
    if (!response.ok) {
      throw new BridgeError(response.code, response.reason, response.details);
    }
    onReceived(response.result.done ? length : response.result.received);
    if (response.result.done) {
      finished = response.result;
    }
  };
  try {
    do {
      // Answers that already arrived: an early done (another session stored it) stops the upload.
      while (finished === null && unanswered.length > 0 && unanswered[0].settled) {
        settle(await unanswered.shift().promise);
      }
      if (finished !== null) {
        break;
      }
      const count = Math.min(chunkBytes, length - offset);
      const params = { hash, offset, final: offset + count === length };
      if (offset === 0) {
        params.length = length;
      }
      const tracked = { settled: false };
      // Waits for room before the next chunk is even read: at most maxInFlightBytes of frames exist at once.
      const { response } = await session.enqueue('cache.upload', params, { bulk: bytes.subarray(offset, offset + count), signal });
      tracked.promise = response.then((value) => { tracked.settled = true; return value; });
      unanswered.push(tracked);
      offset += count;
    } while (offset < length);
    while (finished === null && unanswered.length > 0) {
      settle(await unanswered.shift().promise);
    }
  } catch (error) {
    if (signal?.aborted) {
      // Best effort: drop the partial entry; the session's close would too.
      await session.send('cache.cancel', { hash });
    }
    throw error;
  }
  if (finished === null) {
    throw new BridgeError(ErrorCode.InternalError, 'The server answered every chunk without completing the entry.');
  }
  return { sent: offset, cached: finished.stored !== true };
}
