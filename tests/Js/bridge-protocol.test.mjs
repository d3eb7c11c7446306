// Protocol logic of the JavaScript client over an in-memory socket that plays the server's part
// byte for byte: header rules, duplicates and gaps, acknowledgements, media frames. The same module
// is tested against the real server in bridge-client.test.mjs.

import { afterEach, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BridgeSession, ErrorCode, FrameFlags, MessageType, decodeBody, decodeHeader, encodeFrame, encodeJsonFrame,
} from '../../Gateway/wwwroot/bridge-client.js';

const limits = {
  maxMessageBytes: 4194304, maxInFlightBytes: 16777216, maxMessagesPerSecond: 20000, maxOutboundBytes: 67108864,
  pingIntervalMs: 15000, pingTimeoutMs: 45000, graceWindowMs: 60000,
};

/** A WebSocket stand-in: records what the client sends, lets the test deliver server frames. */
class ScriptedSocket {
  static last = null;

  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.sent = [];
    this._waiters = [];
    ScriptedSocket.last = this;
    queueMicrotask(() => { this.readyState = 1; this.onopen?.(); });
  }

  send(bytes) {
    const frame = new Uint8Array(bytes);
    const sent = { header: decodeHeader(frame), body: decodeBody(frame, frame[1]).json };
    this.sent.push(sent);
    for (const waiter of this._waiters.filter((w) => w.type === sent.header.type)) {
      waiter.resolve(sent);
    }
    if (frame[0] === MessageType.Close) {
      queueMicrotask(() => this.deliver(encodeJsonFrame(MessageType.Close, 0, 0, 0, 0, { code: 4304, reason: 'closed' })));
    }
    if (frame[0] === MessageType.Hello) {
      queueMicrotask(() => this.deliver(encodeJsonFrame(MessageType.Welcome, 0, 0, 0, 0, {
        protocolVersion: 1, sessionId: '0123456789abcdef0123456789abcdef', resumeToken: 'r', resumed: false,
        lastReceivedSeq: 0, tenant: 'default', limits, capabilities: ['echo'], supportedVersions: [1],
      })));
    }
  }

  /** Resolves with the first frame of this type the client sends from now on, or already sent. */
  waitFor(type) {
    const already = this.sent.find((f) => f.header.type === type);
    return already ? Promise.resolve(already) : new Promise((resolve) => this._waiters.push({ type, resolve }));
  }

  deliver(frame) {
    this.onmessage?.({ data: frame.buffer.slice(frame.byteOffset, frame.byteOffset + frame.byteLength) });
  }

  close() {
    this.readyState = 3;
  }
}

const open = [];

async function connect() {
  const session = await BridgeSession.connect('ws://example.invalid/bridge', { token: 't', WebSocket: ScriptedSocket });
  open.push(session);
  return { session, socket: ScriptedSocket.last };
}

afterEach(async () => {
  for (const session of open.splice(0)) {
    await session.close(); // The scripted server answers Close with Close 4304.
  }
});

const event = (sequence, name, data) => encodeJsonFrame(MessageType.Event, 0, 0, sequence, 0, { event: name, data });

test('hello: protocol version 1, client info and the token; header fields all zero', async () => {
  const { socket } = await connect();
  const hello = socket.sent[0];
  assert.deepEqual(hello.header, { type: MessageType.Hello, flags: 0, requestId: 0, sequence: 0, ack: 0 });
  assert.equal(hello.body.protocolVersion, 1);
  assert.equal(hello.body.token, 't');
  assert.equal(hello.body.client.name, 'orleansbridge-js');
});

test('events: delivered once in order, a replayed duplicate ignored, acknowledged within 20 ms', async () => {
  const { session, socket } = await connect();
  const seen = [];
  session.on('thing', (data) => seen.push(data.n));
  socket.deliver(event(1, 'thing', { n: 1 }));
  socket.deliver(event(2, 'thing', { n: 2 }));
  socket.deliver(event(2, 'thing', { n: 2 })); // A duplicate after a resume.
  assert.deepEqual(seen, [1, 2]);
  assert.equal(session.lastReceivedSeq, 2);
  const started = Date.now();
  const ack = await socket.waitFor(MessageType.Ack); // Nothing else goes out to carry the acknowledgement.
  assert.equal(ack.header.ack, 2);
  assert.ok(Date.now() - started < 1000, 'acknowledged after the 20 ms delay, not at the next keep-alive');
});

test('requests: sequence and request ids count from 1, the ack rides along, the response resolves the promise', async () => {
  const { session, socket } = await connect();
  socket.deliver(event(1, 'x', {}));
  const answer = session.request('echo', { a: 1 });
  const request = await socket.waitFor(MessageType.Request);
  assert.deepEqual(request.header, { type: MessageType.Request, flags: 0, requestId: 1, sequence: 1, ack: 1 });
  assert.deepEqual(request.body, { method: 'echo', params: { a: 1 } });
  socket.deliver(encodeJsonFrame(MessageType.Response, 0, 1, 2, 1, { result: { a: 1 } }));
  assert.deepEqual(await answer, { a: 1 });
  socket.deliver(encodeJsonFrame(MessageType.Response, FrameFlags.Error, 99, 3, 1, { code: 4400, reason: 'x' })); // Unknown id: ignored.
  assert.equal(session.state, 'connected');
});

test('a gap in the server sequence ends the session with 4107', async () => {
  const { session, socket } = await connect();
  socket.deliver(event(2, 'x', {}));
  assert.equal(session.state, 'closed');
  assert.equal((await session.closed).code, ErrorCode.SequenceGap);
});

test('header rules: undefined flag bits are 4100, an unknown type 4101, an ack of an unsent sequence 4100', async () => {
  for (const [frame, code] of [
    [encodeFrame(MessageType.Event, 0x04, 0, 1, 0, new TextEncoder().encode('{}')), ErrorCode.MalformedFrame],
    [encodeFrame(0x7f, 0, 0, 0, 0), ErrorCode.UnknownMessageType],
    [encodeFrame(MessageType.Ack, 0, 0, 0, 5), ErrorCode.MalformedFrame],
    [encodeFrame(MessageType.Ping, 0, 0, 3, 0), ErrorCode.MalformedFrame],
  ]) {
    const { session, socket } = await connect();
    socket.deliver(frame);
    assert.equal((await session.closed).code, code, `frame type ${frame[0]}`);
  }
});

test('ping is answered with a pong carrying its request id', async () => {
  const { socket } = await connect();
  socket.deliver(encodeFrame(MessageType.Ping, 0, 77, 0, 0));
  const pong = socket.sent.find((f) => f.header.type === MessageType.Pong);
  assert.equal(pong.header.requestId, 77);
});

test('media frames: handed to listeners with side data and bytes, then acknowledged with MediaAck', async () => {
  const { session, socket } = await connect();
  const frames = [];
  session.on('media', (frame) => frames.push(frame));
  const json = new TextEncoder().encode(JSON.stringify({ context: 'v1', frame: 1, keyframe: true }));
  const body = new Uint8Array(4 + json.length + 3);
  new DataView(body.buffer).setUint32(0, json.length, true);
  body.set(json, 4);
  body.set([0xde, 0xad, 0xbe], 4 + json.length);
  socket.deliver(encodeFrame(MessageType.Media, FrameFlags.Bulk, 5, 0, 0, body));
  assert.equal(frames.length, 1);
  assert.equal(frames[0].mediaId, 5);
  assert.equal(frames[0].info.context, 'v1');
  assert.deepEqual([...frames[0].data], [0xde, 0xad, 0xbe]);
  const ack = socket.sent.find((f) => f.header.type === MessageType.MediaAck);
  assert.equal(ack.header.requestId, 5);
  assert.equal(session.lastReceivedSeq, 0, 'media frames are not sequenced');
});

/** A server Close with this code is a drop, not an end: the session goes pending and resumes with its position. */
async function closeIsADrop(code) {
  const { session, socket } = await connect();
  socket.deliver(event(1, 'x', {}));
  const states = [];
  const resumed = new Promise((resolve) => session.on('state', (s) => { states.push(s.state); if (s.state === 'connected') resolve(); }));
  socket.deliver(encodeJsonFrame(MessageType.Close, 0, 0, 0, 0, { code, reason: 'resume elsewhere' }));
  assert.deepEqual(states, ['pending']);
  await resumed; // After a jittered 50–100 ms wait, a new socket and Hello with resume.
  const hello = ScriptedSocket.last.sent[0];
  assert.notEqual(ScriptedSocket.last, socket);
  assert.deepEqual(hello.body.resume, { sessionId: '0123456789abcdef0123456789abcdef', resumeToken: 'r', lastReceivedSeq: 1 });
  assert.deepEqual(states, ['pending', 'connected']);
  assert.equal(session.resumes, 1);
}

test('server Close 4112 (shutting down) is a drop: the session goes pending and resumes with its position', () => closeIsADrop(4112));

test('server Close 4306 (session moved) is a drop: the session goes pending and resumes with its position', () => closeIsADrop(4306));
