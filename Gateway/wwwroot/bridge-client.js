// OrleansBridge JavaScript client: an ES module with no dependencies and no build step, served by the
// gateway at /viewer/bridge-client.js. It implements docs/protocol.md (framing, handshake, sequenced
// requests with acknowledgements, keep-alive, reconnect and resume, cache uploads, scene transactions,
// jobs, snapshots) for browsers and for Node 20+ (with --experimental-websocket or options.WebSocket).
// Usage and examples: docs/js-client.md.
//
//   import { BridgeSession } from '/viewer/bridge-client.js';
//   const session = await BridgeSession.connect('ws://127.0.0.1:5080/bridge', { token });
//   session.on('state', (s) => console.log(s.state, s.reason));
//   const { hash } = await session.upload(file);

export { BridgeSession, SessionState } from './bridge-session.js';
export { Transaction, runJob, submitJob } from './bridge-scene.js';
export { download, sha256Hex, toBytes, upload, uploadMany } from './bridge-cache.js';
export {
  BridgeError, ErrorCode, FrameFlags, HEADER_SIZE, MessageType, PROTOCOL_VERSION,
  decodeBody, decodeHeader, encodeFrame, encodeJsonFrame, encodeRequest,
} from './bridge-frames.js';

/** The WebSocket URL of an application path on the server that served this page (ws: or wss: to match http: or https:). */
export function applicationUrl(path, base = globalThis.location?.href) {
  const url = new URL(path, base);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
