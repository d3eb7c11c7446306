// A session with an OrleansBridge application over one WebSocket at a time (docs/protocol.md §4, §5):
// the handshake, sequenced requests kept until acknowledged, acknowledgements, keep-alive, and after a
// drop a reconnect with jittered backoff and a resume that replays exactly what the server lacks.
// Mirrors the .NET SDK's BridgeSession (Client/Sdk).

import {
  BridgeError, ErrorCode, FrameFlags, HEADER_SIZE, MessageType, PROTOCOL_VERSION,
  decodeBody, decodeHeader, encodeFrame, encodeJsonFrame, encodeRequest, stampAck,
} from './bridge-frames.js';
import { download, sha256Hex, upload, uploadMany } from './bridge-cache.js';
import { Transaction, runJob, submitJob } from './bridge-scene.js';

/** Client-side states (the server's CONNECTING → CONNECTED ⇄ PENDING → CLOSED, seen from here). */
export const SessionState = Object.freeze({
  Connecting: 'connecting',
  Connected: 'connected',
  Pending: 'pending',
  Closed: 'closed',
});

/** Deliveries that trigger a standalone Ack at once, and the delay before one otherwise (§5.2). */
const ACK_EVERY = 32;
const ACK_DELAY_MS = 20;

/** Codes after which resuming can never succeed: stop retrying and end the session. */
const FINAL_CODES = new Set([
  ErrorCode.SessionNotFound, ErrorCode.ResumeTokenInvalid, ErrorCode.ResumeSequenceInvalid, ErrorCode.SessionExpired,
  ErrorCode.SessionClosed, ErrorCode.TokenInvalid, ErrorCode.TokenExpired, ErrorCode.TokenSignatureInvalid,
  ErrorCode.TokenMissing, ErrorCode.OriginNotAllowed, ErrorCode.UnsupportedProtocolVersion, ErrorCode.ApplicationNotFound,
]);

const DEFAULTS = Object.freeze({
  token: '',
  /** 'hello' sends the token in Hello, so a refused token comes back as a Reject with its code; 'query' uses ?access_token= (§4.0). */
  tokenIn: 'hello',
  clientName: 'orleansbridge-js',
  clientBuild: '1',
  logLevel: undefined,
  autoReconnect: true,
  initialBackoffMs: 100,
  maxBackoffMs: 5000,
  handshakeTimeoutMs: 10000,
  /** Bound of this client's own buffer of unacknowledged requests; passing it fails the request with 4110. */
  maxOutboundBytes: 256 * 1024 * 1024,
  /** Chunk size of cache uploads (capped by the server's maxMessageBytes). */
  uploadChunkBytes: 1024 * 1024,
  /** 'auto' acknowledges each video frame once the `media` listeners returned; 'manual' leaves it to ackMedia. */
  mediaAck: 'auto',
  /** The WebSocket constructor (globalThis.WebSocket by default). */
  WebSocket: undefined,
});

/**
 * One session. Create it with {@link BridgeSession.connect}. Events (subscribe with `on`):
 * `state` {state, previous, reason}; `server-state` (the server's session.state data); `log`;
 * `event` (name, data, bulk) for every other server event, and each event also under its own name.
 */
export class BridgeSession {
  constructor(url, options = {}) {
    this.url = String(url);
    this.options = { ...DEFAULTS, ...options };
    this.state = SessionState.Connecting;
    this.sessionId = '';
    this.resumeToken = '';
    this.tenant = '';
    this.protocolVersion = 0;
    this.limits = null;
    this.capabilities = [];
    this.resumes = 0;
    /** The highest server sequence delivered in order (L_c of §5.2). */
    this.lastReceivedSeq = 0;
    /** Set when the session ended: {code, reason}. */
    this.end = null;
    this._listeners = new Map();
    this._outbox = []; // {sequence, frame, requestId}, oldest first, until acknowledged
    this._outboxBytes = 0;
    this._nextSequence = 1;
    this._sentUpTo = 0; // the highest sequence written on the current socket
    this._nextRequestId = 1;
    this._pending = new Map(); // requestId → {resolve, bytes}
    this._inFlightBytes = 0;
    this._roomWaiters = [];
    this._ws = null;
    this._attached = false;
    this._lastAckSent = 0;
    this._ackTimer = null;
    this._keepAlive = null;
    this._lastHeard = 0;
    this._closeRequested = false;
    this._closed = new Promise((resolve) => { this._resolveClosed = resolve; });
  }

  /** Connects, performs the handshake and resolves with the session; rejects with a BridgeError when refused. */
  static async connect(url, options = {}) {
    const session = new BridgeSession(url, options);
    await session.open();
    return session;
  }

  /**
   * Takes a session back that an earlier client left PENDING, for example this page before a reload:
   * `saved` is what that client's `resumeInfo()` returned. What the server sent after
   * `saved.lastReceivedSeq` is replayed (answers to requests of the earlier client are dropped here:
   * nobody waits for them); requests the earlier client sent and the server never received are gone
   * with that client. Rejects with a BridgeError (4300, 4301 …) when the session cannot be resumed.
   */
  static async resume(url, saved, options = {}) {
    const session = new BridgeSession(url, options);
    session.sessionId = saved.sessionId;
    session.resumeToken = saved.resumeToken;
    session.lastReceivedSeq = saved.lastReceivedSeq;
    session._nextSequence = saved.nextSequence;
    // Request ids go on from the earlier client's, so a late answer to one of its requests matches nothing here.
    session._nextRequestId = saved.nextRequestId ?? 1;
    await session.open({ sessionId: saved.sessionId, resumeToken: saved.resumeToken, lastReceivedSeq: saved.lastReceivedSeq });
    return session;
  }

  /** What another client (this page after a reload) needs to resume this session with `BridgeSession.resume`. */
  resumeInfo() {
    return {
      sessionId: this.sessionId, resumeToken: this.resumeToken, lastReceivedSeq: this.lastReceivedSeq,
      nextSequence: this._nextSequence, nextRequestId: this._nextRequestId,
    };
  }

  /** Opens the first connection (call once); `resume` takes an existing session instead of a new one. */
  async open(resume = null) {
    let welcome;
    try {
      welcome = await this._handshake(resume);
    } catch (error) {
      this._finish(error.code ?? ErrorCode.ConnectionRefused, error.reason ?? String(error));
      throw error;
    }
    this.sessionId = welcome.sessionId;
    this.resumeToken = welcome.resumeToken || this.resumeToken;
    this.tenant = welcome.tenant;
    this.protocolVersion = welcome.protocolVersion;
    this.limits = welcome.limits;
    this.capabilities = welcome.capabilities ?? [];
    if (resume) {
      // Nothing of the earlier client's outbox is here: the next request follows what the server received.
      this._nextSequence = welcome.lastReceivedSeq + 1;
      this._sentUpTo = welcome.lastReceivedSeq;
      this.resumes++;
      this._setState(SessionState.Connected, `resumed session ${welcome.sessionId}`);
      return;
    }
    this._setState(SessionState.Connected, `welcomed into session ${welcome.sessionId} (protocol ${welcome.protocolVersion})`);
  }

  /** Resolves with {code, reason} when the session has ended. */
  get closed() {
    return this._closed;
  }

  /** Bytes of requests sent and not yet answered (bounded by the server's maxInFlightBytes). */
  get inFlightBytes() {
    return this._inFlightBytes;
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on(name, handler) {
    if (!this._listeners.has(name)) {
      this._listeners.set(name, new Set());
    }
    this._listeners.get(name).add(handler);
    return () => this._listeners.get(name)?.delete(handler);
  }

  /**
   * Calls a method. Resolves with a value, never rejects for a server error:
   * `{ok: true, result}` or `{ok: false, code, reason, details}`. `bulk` (Uint8Array) sends the raw part of §2.2.
   */
  async send(method, params = null, options = {}) {
    return (await this.enqueue(method, params, options)).response;
  }

  /**
   * Queues a request once maxInFlightBytes leaves room for it and resolves with `{response}`, a promise of
   * what {@link send} resolves with. Lets a caller pipeline (uploads) without building every frame up front.
   * Once queued, the request is sent, and replayed after a resume, whatever happens to the caller.
   */
  async enqueue(method, params = null, { bulk, signal } = {}) {
    if (this.end) {
      return { response: Promise.resolve({ ok: false, code: this.end.code, reason: this.end.reason }) };
    }
    const requestId = this._nextRequestId++;
    const frame = encodeRequest(requestId, 0, method, params, bulk);
    await this._takeRoom(frame.byteLength, signal);
    return { response: this._post(requestId, frame) };
  }

  /** Calls a method and resolves with its result; rejects with a BridgeError carrying the server's code. */
  async request(method, params = null, options = {}) {
    const response = await this.send(method, params, options);
    if (!response.ok) {
      throw new BridgeError(response.code, response.reason, response.details);
    }
    return response.result;
  }

  /** Ends the session on the server (CLOSED at once) and closes the socket; resolves when done (5 s at most). */
  async close() {
    if (!this._closeRequested && !this.end) {
      this._closeRequested = true;
      if (this._attached && this._ws?.readyState === 1) {
        // Queued requests went out first: the socket keeps order, and the server answers them before its Close.
        this._ws.send(encodeJsonFrame(MessageType.Close, 0, 0, 0, this.lastReceivedSeq,
          { code: ErrorCode.SessionClosed, reason: 'The client closed the session.' }));
      } else {
        this._finish(ErrorCode.SessionClosed, 'The client closed the session while disconnected.');
      }
    }
    const timeout = new Promise((resolve) => setTimeout(resolve, 5000, 'timeout'));
    if ((await Promise.race([this._closed, timeout])) === 'timeout') {
      this._finish(ErrorCode.SessionClosed, 'The server did not confirm the close in time.');
    }
    return this._closed;
  }

  // ---- methods of docs/protocol.md §6 -------------------------------------------------------

  /** The cache key (lowercase hex SHA-256) of a Blob, ArrayBuffer or typed array. */
  hash(data) {
    return sha256Hex(data);
  }

  /** Puts content into the cache if it lacks it (hash, cache.query, chunks); resolves with {hash, length, sent, cached}. */
  upload(data, options) {
    return upload(this, data, options);
  }

  /** Uploads several items with one query; resolves with their {hash, length, sent, cached} in order. */
  uploadMany(items, options) {
    return uploadMany(this, items, options);
  }

  /** Reads a cache entry whole (cache.download, range by range, SHA-256 checked); resolves with its bytes. */
  download(hash, options) {
    return download(this, hash, options);
  }

  /** Begins a scene transaction now; see {@link Transaction}. */
  beginTransaction() {
    return new Transaction(this);
  }

  /** The committed head: {manifest, version, elements}. */
  sceneHead() {
    return this.request('scene.head');
  }

  /** Committed elements by name (all when `names` is omitted). */
  async sceneGet(names) {
    return (await this.request('scene.get', names ? { names } : null)).elements;
  }

  /** Submits a job: resolves with {jobId, result: Promise, cancel()}. */
  submitJob(job, input, options) {
    return submitJob(this, job, input, options);
  }

  /** Runs a job to its end: resolves with its result, rejects with its code. */
  runJob(job, input, options) {
    return runJob(this, job, input, options);
  }

  /** Saves the committed scene as a snapshot: resolves with its record. */
  saveSnapshot({ name, incremental } = {}) {
    return this.request('snapshot.save', { name, incremental });
  }

  /** The application's snapshots of this tenant, oldest first. */
  async listSnapshots() {
    return (await this.request('snapshot.list')).snapshots;
  }

  /** Imports a snapshot as one commit: mode 'replace' (default) or 'merge' with a prefix. */
  importSnapshot(snapshot, { mode = 'replace', prefix } = {}) {
    return this.request('snapshot.import', { snapshot, mode, prefix });
  }

  /** The snapshot file of a snapshot. */
  exportSnapshot(snapshot) {
    return this.request('snapshot.export', { snapshot });
  }

  /** Removes a snapshot. */
  removeSnapshot(snapshot) {
    return this.request('snapshot.remove', { snapshot });
  }

  // ---- requests and the outbox -------------------------------------------------------------

  _post(requestId, frame) {
    return new Promise((resolve) => {
      this._pending.set(requestId, { resolve, bytes: frame.byteLength });
      if (this._outboxBytes + frame.byteLength > this.options.maxOutboundBytes) {
        this._complete(requestId, { ok: false, code: ErrorCode.OutboundBufferFull, reason: "The client's buffer of unacknowledged requests is full." });
        return;
      }
      const sequence = this._nextSequence++;
      new DataView(frame.buffer, frame.byteOffset, HEADER_SIZE).setUint32(8, sequence, true);
      this._outbox.push({ sequence, frame, requestId });
      this._outboxBytes += frame.byteLength;
      this._flush();
    });
  }

  /** Waits until the server's maxInFlightBytes leaves room (the SDK waits rather than drawing 4109). */
  _takeRoom(bytes, signal) {
    const max = this.limits?.maxInFlightBytes ?? Number.MAX_SAFE_INTEGER;
    const fits = () => this._inFlightBytes === 0 || this._inFlightBytes + bytes <= max;
    if (fits() && this._roomWaiters.length === 0) {
      this._inFlightBytes += bytes;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter = { fits, take: () => { this._inFlightBytes += bytes; resolve(); }, reject };
      this._roomWaiters.push(waiter);
      signal?.addEventListener('abort', () => {
        const at = this._roomWaiters.indexOf(waiter);
        if (at >= 0) {
          this._roomWaiters.splice(at, 1);
          reject(signal.reason ?? new BridgeError(ErrorCode.Cancelled, 'Cancelled.'));
        }
      }, { once: true });
    });
  }

  _releaseRoom(bytes) {
    this._inFlightBytes -= bytes;
    while (this._roomWaiters.length > 0 && this._roomWaiters[0].fits()) {
      this._roomWaiters.shift().take();
    }
  }

  _complete(requestId, response) {
    const pending = this._pending.get(requestId);
    if (pending) {
      this._pending.delete(requestId);
      this._releaseRoom(pending.bytes);
      pending.resolve(response);
    }
  }

  /** Writes every outbox message after the cursor to the socket, each stamped with the current ack. */
  _flush() {
    if (!this._attached || this._ws?.readyState !== 1) {
      return;
    }
    for (const message of this._outbox) {
      if (message.sequence > this._sentUpTo) {
        // A copy: the outbox's frame may be replayed later on another socket.
        const copy = message.frame.slice();
        stampAck(copy, this.lastReceivedSeq);
        this._ws.send(copy);
        this._sentUpTo = message.sequence;
      }
    }
    this._ackSent();
  }

  _acknowledge(ack) {
    if (ack >= this._nextSequence) {
      return false; // It acknowledges a sequence never sent.
    }
    while (this._outbox.length > 0 && this._outbox[0].sequence <= ack) {
      this._outboxBytes -= this._outbox.shift().frame.byteLength;
    }
    return true;
  }

  _ackSent() {
    this._lastAckSent = this.lastReceivedSeq;
    clearTimeout(this._ackTimer);
    this._ackTimer = null;
  }

  _sendControl(type, requestId) {
    if (this._ws?.readyState === 1) {
      this._ws.send(encodeFrame(type, 0, requestId, 0, this.lastReceivedSeq));
      this._ackSent();
    }
  }

  _onDelivered() {
    if (this.lastReceivedSeq - this._lastAckSent >= ACK_EVERY) {
      this._sendControl(MessageType.Ack, 0);
    } else if (this._ackTimer === null) {
      this._ackTimer = setTimeout(() => {
        this._ackTimer = null;
        if (this.lastReceivedSeq > this._lastAckSent) {
          this._sendControl(MessageType.Ack, 0);
        }
      }, ACK_DELAY_MS);
    }
  }

  // ---- connections -------------------------------------------------------------------------

  _socketUrl() {
    if (this.options.tokenIn !== 'query' || !this.options.token) {
      return this.url;
    }
    const url = new URL(this.url);
    url.searchParams.set('access_token', this.options.token);
    return url.toString();
  }

  /** Opens a socket, sends Hello (with `resume` when given) and waits for Welcome or Reject. */
  _handshake(resume) {
    const Socket = this.options.WebSocket ?? globalThis.WebSocket;
    if (typeof Socket !== 'function') {
      return Promise.reject(new Error('No WebSocket implementation: pass options.WebSocket (Node 20 needs --experimental-websocket).'));
    }
    return new Promise((resolve, reject) => {
      const ws = new Socket(this._socketUrl());
      ws.binaryType = 'arraybuffer';
      let settled = false;
      const fail = (error) => {
        if (!settled) {
          settled = true;
          clearTimeout(timer);
          try { ws.close(); } catch { /* already closing */ }
          reject(error);
        }
      };
      const timer = setTimeout(() => fail(new BridgeError(ErrorCode.HandshakeTimeout, 'The handshake took too long.')), this.options.handshakeTimeoutMs);
      ws.onopen = () => {
        const hello = { protocolVersion: PROTOCOL_VERSION, client: { name: this.options.clientName, build: this.options.clientBuild } };
        if (this.options.tokenIn !== 'query' && this.options.token) {
          hello.token = this.options.token;
        }
        if (resume) {
          hello.resume = resume;
        }
        if (this.options.logLevel) {
          hello.logLevel = this.options.logLevel;
        }
        ws.send(encodeJsonFrame(MessageType.Hello, 0, 0, 0, 0, hello));
      };
      const refused = () => new BridgeError(ErrorCode.ConnectionRefused,
        'The WebSocket could not be opened (the server is unreachable, or refused the upgrade: wrong path, origin not allowed, application closed or token refused; see the server log).');
      // A refused upgrade raises error (some implementations never follow it with close); after a Reject the close carries its code.
      ws.onerror = () => { if (ws.readyState !== 1) { fail(refused()); } };
      ws.onclose = (event) => fail(event.code >= 4000 && event.code < 5000
        ? new BridgeError(event.code, event.reason || 'The server closed the connection during the handshake.')
        : refused());
      ws.onmessage = (event) => {
        if (settled) {
          return;
        }
        let header;
        let body;
        try {
          const bytes = new Uint8Array(event.data);
          header = decodeHeader(bytes);
          body = decodeBody(bytes, header.flags).json;
        } catch (error) {
          fail(error);
          return;
        }
        if (header.type === MessageType.Reject) {
          fail(new BridgeError(body?.code ?? ErrorCode.MalformedBody, body?.reason ?? 'Rejected.', body?.supportedVersions));
          return;
        }
        if (header.type !== MessageType.Welcome || typeof body?.sessionId !== 'string') {
          fail(new BridgeError(ErrorCode.UnexpectedMessage, `Expected Welcome, got type 0x${header.type.toString(16)}.`));
          return;
        }
        if (!this._acknowledge(body.lastReceivedSeq)) {
          fail(new BridgeError(ErrorCode.ResumeSequenceInvalid, 'The server claims requests this client never sent.'));
          return;
        }
        settled = true;
        clearTimeout(timer);
        this._attach(ws, body);
        resolve(body);
      };
    });
  }

  /** Binds the reliable channel to a new socket: replay what follows the server's position, then new messages. */
  _attach(ws, welcome) {
    this._ws = ws;
    this._attached = true;
    this._sentUpTo = welcome.lastReceivedSeq;
    this._lastHeard = Date.now();
    ws.onmessage = (event) => {
      if (this._ws === ws) {
        this._receive(new Uint8Array(event.data));
      }
    };
    ws.onclose = () => {
      if (this._ws === ws) {
        this._dropped();
      }
    };
    const limits = welcome.limits ?? this.limits;
    clearInterval(this._keepAlive);
    this._keepAlive = setInterval(() => this._keepAliveTick(limits), limits.pingIntervalMs);
    this._keepAlive.unref?.(); // In Node, the socket alone keeps the process alive.
    this._flush();
  }

  /** §5.1: ping after pingInterval of silence; after pingTimeout treat the connection as dropped. */
  _keepAliveTick(limits) {
    const silence = Date.now() - this._lastHeard;
    if (silence >= limits.pingTimeoutMs) {
      this._dropped();
    } else if (silence >= limits.pingIntervalMs) {
      this._sendControl(MessageType.Ping, 0);
    }
  }

  _receive(bytes) {
    this._lastHeard = Date.now();
    let header;
    try {
      header = decodeHeader(bytes);
      if (!this._acknowledge(header.ack)) {
        throw new BridgeError(ErrorCode.MalformedFrame, 'The server acknowledged a sequence this client never sent.');
      }
    } catch (error) {
      this._finish(error.code ?? ErrorCode.MalformedFrame, error.reason ?? String(error));
      return;
    }
    switch (header.type) {
      case MessageType.Response:
      case MessageType.Event:
        if (header.sequence <= this.lastReceivedSeq) {
          return; // A duplicate after a resume: ignored, nothing is delivered twice.
        }
        if (header.sequence !== this.lastReceivedSeq + 1) {
          this._finish(ErrorCode.SequenceGap, 'The server skipped a sequence number.');
          return;
        }
        this.lastReceivedSeq = header.sequence;
        this._deliver(header, bytes);
        this._onDelivered();
        return;
      case MessageType.Ping:
        this._sendControl(MessageType.Pong, header.requestId);
        return;
      case MessageType.Close: {
        let close = null;
        try { close = decodeBody(bytes, 0).json; } catch { /* unreadable reason */ }
        const code = close?.code ?? ErrorCode.SessionClosed;
        if (code === ErrorCode.ServerShuttingDown || code === ErrorCode.SessionMoved) {
          this._dropped(); // The session lives on (PENDING here, or owned by another server): resume.
        } else {
          this._finish(code, close?.reason ?? 'The server closed the session.');
        }
        return;
      }
      case MessageType.Media:
        this._media(header, bytes);
        return;
      case MessageType.Pong:
      case MessageType.Ack:
        return;
      default:
        this._finish(ErrorCode.UnexpectedMessage, `The server sent message type 0x${header.type.toString(16)} after the handshake.`);
    }
  }

  _deliver(header, bytes) {
    let body;
    try {
      body = decodeBody(bytes, header.flags);
    } catch (error) {
      if (header.type === MessageType.Response) {
        this._complete(header.requestId, { ok: false, code: error.code, reason: error.reason });
      }
      return;
    }
    if (header.type === MessageType.Response) {
      const value = body.json ?? {};
      this._complete(header.requestId, (header.flags & FrameFlags.Error)
        ? { ok: false, code: value.code, reason: value.reason, details: value.details }
        : { ok: true, result: value.result ?? null, bulk: body.bulk });
      return;
    }
    const name = body.json?.event;
    const data = body.json?.data ?? null;
    if (name === 'session.state') {
      this._emit('server-state', data);
    } else if (name === 'log') {
      this._emit('log', data);
    } else {
      this._emit('event', name, data, body.bulk);
    }
    this._emit(name, data, body.bulk);
  }

  /**
   * A video frame (§6.7): not sequenced, never replayed. Handed to `media` listeners as
   * {mediaId, info, data, receivedAt} (`receivedAt`: performance.now() on arrival; `info.timeline` is the
   * server's); acknowledged at once unless options.mediaAck is 'manual', in which case the application
   * calls {@link ackMedia} when it has drawn the frame (the server paces on it).
   */
  _media(header, bytes) {
    const receivedAt = performance.now();
    let body;
    try {
      body = decodeBody(bytes, header.flags);
    } catch {
      this.ackMedia(header.requestId); // Unreadable: nobody will draw it, so it must not hold the window.
      return; // A frame is worth nothing if unreadable; the next keyframe recovers.
    }
    this._emit('media', { mediaId: header.requestId, info: body.json, data: body.bulk ?? new Uint8Array(0), receivedAt });
    if (this.options.mediaAck !== 'manual') {
      this.ackMedia(header.requestId);
    }
  }

  /** Tells the server the frames up to `mediaId` were consumed (MediaAck, §6.7). */
  ackMedia(mediaId) {
    this._sendControl(MessageType.MediaAck, mediaId);
  }

  // ---- drops, resume, the end --------------------------------------------------------------

  _detach() {
    const ws = this._ws;
    this._ws = null;
    this._attached = false;
    clearInterval(this._keepAlive);
    clearTimeout(this._ackTimer);
    this._ackTimer = null;
    if (ws) {
      ws.onmessage = null;
      ws.onclose = null;
      try { ws.close(); } catch { /* already closed */ }
    }
  }

  _dropped() {
    this._detach();
    if (this.end) {
      return;
    }
    if (this._closeRequested) {
      this._finish(ErrorCode.SessionClosed, 'The client closed the session.');
      return;
    }
    this._setState(SessionState.Pending, 'the connection dropped; resuming');
    if (!this.options.autoReconnect) {
      this._finish(ErrorCode.KeepAliveTimeout, 'The connection dropped and automatic reconnect is off.');
      return;
    }
    this._reconnect();
  }

  async _reconnect() {
    const started = Date.now();
    const grace = this.limits?.graceWindowMs ?? 60000;
    let backoff = this.options.initialBackoffMs;
    while (Date.now() - started < grace && !this.end) {
      // Jitter spreads the reconnects of many clients dropped at once.
      await new Promise((resolve) => setTimeout(resolve, backoff * (0.5 + Math.random() / 2)));
      if (this.end) {
        return;
      }
      try {
        await this._handshake({ sessionId: this.sessionId, resumeToken: this.resumeToken, lastReceivedSeq: this.lastReceivedSeq });
        this.resumes++;
        this._setState(SessionState.Connected, `resumed session ${this.sessionId}`);
        return;
      } catch (error) {
        if (error instanceof BridgeError && FINAL_CODES.has(error.code)) {
          this._finish(error.code, error.reason);
          return;
        }
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs);
      }
    }
    this._finish(ErrorCode.SessionExpired, "Could not reconnect within the server's grace window.");
  }

  _finish(code, reason) {
    if (this.end) {
      return;
    }
    this.end = { code, reason };
    this._setState(SessionState.Closed, `${code}: ${reason}`);
    this._detach();
    for (const requestId of [...this._pending.keys()]) {
      this._complete(requestId, { ok: false, code, reason });
    }
    for (const waiter of this._roomWaiters.splice(0)) {
      waiter.reject(new BridgeError(code, reason));
    }
    this._resolveClosed(this.end);
  }

  _setState(next, reason) {
    if (this.state === next || this.state === SessionState.Closed) {
      return;
    }
    const change = { state: next, previous: this.state, reason, at: new Date() };
    this.state = next;
    this._emit('state', change);
  }

  _emit(name, ...args) {
    for (const handler of this._listeners.get(name) ?? []) {
      try {
        handler(...args);
      } catch (error) {
        // An application's handler must not take the connection down with it.
        console.error(`bridge-client: a '${name}' handler threw`, error);
      }
    }
  }
}
