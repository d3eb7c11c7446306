// Tests of the JavaScript client module (Gateway/wwwroot/bridge-client.js) against a real server.
// Run by tests/Integration/Browser/JsClientTests.cs, which starts the server, a TCP relay that can
// cut connections, and passes their addresses in the environment:
//   BRIDGE_URL        ws://127.0.0.1:port/bridge (direct)
//   BRIDGE_RELAY_URL  the same application through the relay
//   BRIDGE_TOKEN      a static token of the default application
//   BRIDGE_CONTROL    http://127.0.0.1:port/__test (drop the relay's connections, read what the server applied)
// Node 20 needs --experimental-websocket for the global WebSocket.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { BridgeError, BridgeSession, ErrorCode, SessionState } from '../../Gateway/wwwroot/bridge-client.js';

const url = required('BRIDGE_URL');
const relayUrl = required('BRIDGE_RELAY_URL');
const token = required('BRIDGE_TOKEN');
const control = required('BRIDGE_CONTROL');

function required(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run these tests through JsClientTests (dotnet test --filter JsClient).`);
  }
  return value;
}

async function controlCall(path) {
  const response = await fetch(`${control}/${path}`, { method: 'POST' });
  assert.equal(response.status, 200, `control ${path} answered ${response.status}`);
  return response.json();
}

/** Resolves with the first `state` change matching `state`, within `ms`. */
function nextState(session, state, ms = 30000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${state}' within ${ms} ms (now ${session.state})`)), ms);
    const off = session.on('state', (change) => {
      if (change.state === state) {
        clearTimeout(timer);
        off();
        resolve(change);
      }
    });
  });
}

test('handshake: welcomed into a new session, token in Hello', async () => {
  const session = await BridgeSession.connect(url, { token, clientName: 'node-test' });
  try {
    assert.equal(session.state, SessionState.Connected);
    assert.match(session.sessionId, /^[0-9a-f]{32}$/);
    assert.equal(session.protocolVersion, 1);
    assert.ok(session.resumeToken.length > 20);
    assert.ok(session.capabilities.includes('echo'), `capabilities: ${session.capabilities}`);
    assert.ok(session.limits.maxInFlightBytes > 0);
    const info = await session.request('session.info');
    assert.equal(info.sessionId, session.sessionId);
    assert.equal(info.state, 'Connected');
  } finally {
    await session.close();
  }
});

test('handshake: token as access_token query parameter is accepted', async () => {
  const session = await BridgeSession.connect(url, { token, tokenIn: 'query' });
  assert.equal(session.state, SessionState.Connected);
  const end = await session.close();
  assert.equal(end.code, ErrorCode.SessionClosed);
  assert.equal(session.state, SessionState.Closed);
});

test('handshake: a wrong token is refused with its code, the session ends closed', async () => {
  await assert.rejects(BridgeSession.connect(url, { token: 'not-the-token-0123456789' }), (error) => {
    assert.ok(error instanceof BridgeError);
    assert.equal(error.code, ErrorCode.TokenInvalid);
    return true;
  });
  // In the query the server refuses before the upgrade; a WebSocket cannot see the HTTP status.
  await assert.rejects(BridgeSession.connect(url, { token: 'not-the-token-0123456789', tokenIn: 'query' }),
    (error) => error.code === ErrorCode.ConnectionRefused);
});

test('requests: pipelined, correlated by id; errors are values from send and BridgeErrors from request', async () => {
  const session = await BridgeSession.connect(url, { token });
  try {
    const answers = await Promise.all(Array.from({ length: 200 }, (_, n) => session.request('echo', { n })));
    assert.deepEqual(answers.map((a) => a.n), Array.from({ length: 200 }, (_, n) => n));
    const slow = session.request('echo', { delayMs: 300, which: 'slow' });
    const fast = await session.request('echo', { which: 'fast' });
    assert.equal(fast.which, 'fast'); // Answered while the slow one still runs.
    assert.equal((await slow).which, 'slow');
    const unknown = await session.send('no.such.method', {});
    assert.equal(unknown.ok, false);
    assert.equal(unknown.code, 4400);
    await assert.rejects(session.request('echo', { delayMs: -1 }), (error) => error.code === ErrorCode.InvalidArgument);
    assert.equal(session.inFlightBytes, 0);
  } finally {
    await session.close();
  }
});

test('in flight: 40 bulk requests of 1 MiB wait for room within maxInFlightBytes, none is refused with 4109', async () => {
  const session = await BridgeSession.connect(url, { token });
  try {
    const max = session.limits.maxInFlightBytes;
    const bulk = new Uint8Array(1024 * 1024);
    let peak = 0;
    const sample = () => { peak = Math.max(peak, session.inFlightBytes); };
    const answers = [];
    for (let n = 0; n < 40; n++) {
      answers.push(session.send('echo', { n, delayMs: 20 }, { bulk }).then((r) => { sample(); return r; }));
      sample();
    }
    const results = await Promise.all(answers);
    assert.ok(results.every((r) => r.ok), `refused: ${JSON.stringify(results.find((r) => !r.ok))}`);
    assert.ok(peak <= max, `peak ${peak} above ${max}`);
    assert.ok(peak > max / 2, `requests should be pipelined up to the limit, peak ${peak}`);
    assert.equal(session.inFlightBytes, 0);
  } finally {
    await session.close();
  }
});

test('resume: connections cut mid-stream of 600 requests; each applied and answered exactly once, in order', async () => {
  const session = await BridgeSession.connect(relayUrl, { token, initialBackoffMs: 20 });
  const states = [];
  session.on('state', (change) => states.push(`${change.previous}->${change.state}`));
  const serverStates = [];
  session.on('server-state', (data) => serverStates.push(data.state));
  try {
    const base = (await controlCall('applied')).applied.length;
    const count = 600;
    const responses = [];
    let resumed = null;
    for (let n = 0; n < count; n++) {
      responses.push(session.request('record', { n: base + n }));
      if (n === count / 2) {
        await responses[count / 4];
        resumed = nextState(session, SessionState.Connected);
        assert.ok((await controlCall('drop')).accepted > 0);
      }
    }
    const answers = await Promise.all(responses);
    await resumed;
    assert.deepEqual(answers.map((a) => a.n), Array.from({ length: count }, (_, n) => base + n));
    const applied = (await controlCall('applied')).applied.slice(base);
    assert.deepEqual(applied, Array.from({ length: count }, (_, n) => base + n), 'each request applied once, in order');
    assert.ok(session.resumes >= 1, `resumes: ${session.resumes}`);
    assert.ok(states.includes('connected->pending') && states.includes('pending->connected'), `states: ${states}`);
    await session.request('session.info'); // The PENDING event, pushed while nobody listened, arrives after the resume.
    assert.ok(serverStates.includes('Pending'), `server states: ${serverStates}`);
  } finally {
    await session.close();
  }
});

test('upload: hashed with WebCrypto, sent once, then deduplicated', async () => {
  const session = await BridgeSession.connect(url, { token, uploadChunkBytes: 256 * 1024 });
  try {
    const bytes = new Uint8Array(randomBytes(3 * 1024 * 1024 + 17));
    const expected = createHash('sha256').update(bytes).digest('hex');
    const phases = new Set();
    let lastDone = 0;
    const first = await session.upload(bytes, {
      onProgress: (p) => {
        phases.add(p.phase);
        if (p.phase === 'uploading') {
          assert.ok(p.done >= lastDone, 'progress only grows');
          lastDone = p.done;
        }
      },
    });
    assert.equal(first.hash, expected);
    assert.equal(first.sent, bytes.length);
    assert.equal(first.cached, false);
    assert.equal(lastDone, bytes.length);
    assert.deepEqual([...phases], ['hashing', 'querying', 'uploading', 'done']);
    const second = await session.upload(bytes);
    assert.deepEqual(second, { hash: expected, length: bytes.length, sent: 0, cached: true });
    const [a, b] = await session.uploadMany([new TextEncoder().encode('hello'), new TextEncoder().encode('hello')]);
    assert.equal(a.hash, '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    assert.equal(b.sent, 0, 'the same key twice in one call is sent once');
  } finally {
    await session.close();
  }
});

test('download: cache.download returns an entry whole, range by range; an unknown key is 4501', async () => {
  const session = await BridgeSession.connect(url, { token });
  try {
    const bytes = new Uint8Array(randomBytes(2 * 1024 * 1024 + 5));
    const { hash } = await session.upload(bytes);
    const slices = [];
    const read = await session.download(hash, { onProgress: (p) => slices.push(p.done) });
    assert.deepEqual(read, bytes);
    assert.deepEqual(slices, [1048576, 2097152, 2097157]);
    const missing = createHash('sha256').update('never stored').digest('hex');
    await assert.rejects(session.download(missing), (error) => error.code === 4501);
    await assert.rejects(session.request('cache.download', { hash: 'NOT-A-KEY' }), (error) => error.code === 4500);
  } finally {
    await session.close();
  }
});

test('upload: content that does not match its key is refused with 4502 and nothing is stored', async () => {
  const session = await BridgeSession.connect(url, { token });
  try {
    const key = createHash('sha256').update('something else').digest('hex');
    await session.request('cache.query', { hashes: [key] });
    const wrong = await session.send('cache.upload', { hash: key, offset: 0, length: 5, final: true }, { bulk: new TextEncoder().encode('hello') });
    assert.equal(wrong.ok, false);
    assert.equal(wrong.code, ErrorCode.CacheHashMismatch);
    assert.deepEqual((await session.request('cache.query', { hashes: [key] })).missing, [key]);
  } finally {
    await session.close();
  }
});

test('transaction: bulk uploaded at commit, elements committed together, a bad one refuses all', async () => {
  const session = await BridgeSession.connect(url, { token });
  try {
    const tx = session.beginTransaction();
    const positions = await tx.addBulk(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]));
    tx.put('tri', { type: 'mesh', positions, vertexCount: 3, material: 'mat' });
    tx.put('mat', { type: 'material', roughnessFactor: 0.4 });
    const head = await tx.commit();
    assert.equal(head.version, 1);
    assert.match(head.manifest, /^[0-9a-f]{64}$/);
    const elements = await session.sceneGet(['tri']);
    assert.equal(elements.tri.positions, positions);

    const bad = session.beginTransaction();
    bad.put('tri2', { type: 'mesh', positions, vertexCount: 3, material: 'missing' });
    bad.put('mat', { type: 'material', roughnessFactor: 0.9 });
    await assert.rejects(bad.commit(), (error) => {
      assert.equal(error.code, 4601);
      assert.ok(Array.isArray(error.details) && error.details.some((d) => d.element === 'tri2'), JSON.stringify(error.details));
      return true;
    });
    assert.equal((await session.sceneHead()).version, 1, 'nothing of the refused commit applied');
  } finally {
    await session.close();
  }
});

test('jobs: progress then result; a cancelled job fails with 4403; an unknown job is refused', async () => {
  const session = await BridgeSession.connect(url, { token });
  try {
    const progress = [];
    const stats = await session.runJob('scene.stats', undefined, { onProgress: (p) => progress.push(p.progress) });
    assert.equal(stats.elements, 0);
    assert.ok(progress.length > 0, 'progress events arrive before the result');

    const job = await session.submitJob('test.block');
    assert.match(job.jobId, /^job-/);
    await job.cancel();
    await assert.rejects(job.result, (error) => error.code === ErrorCode.Cancelled);
    await assert.rejects(session.runJob('no.such.job'), (error) => error.code === 4700);
  } finally {
    await session.close();
  }
});

test('jobs: a signal aborted before the call submits nothing; one aborted during the submit cancels the job', async () => {
  const session = await BridgeSession.connect(url, { token });
  try {
    const before = new AbortController();
    before.abort();
    await assert.rejects(session.runJob('test.block', undefined, { signal: before.signal }), (error) => error.name === 'AbortError');

    // Aborted right after the call, while job.submit is on its way: the job is cancelled once its id is known.
    const during = new AbortController();
    const result = session.runJob('test.block', undefined, { signal: during.signal });
    during.abort();
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('the job was not cancelled within 20 s')), 20_000).unref());
    await assert.rejects(Promise.race([result, timeout]), (error) => error.code === ErrorCode.Cancelled);
  } finally {
    await session.close();
  }
});

test('snapshots: save, list, import', async () => {
  const session = await BridgeSession.connect(url, { token });
  try {
    const tx = session.beginTransaction();
    tx.put('m', { type: 'material', metallicFactor: 0.5 });
    const head = await tx.commit();
    const name = `js-${Date.now()}`;
    const saved = await session.saveSnapshot({ name });
    assert.equal(saved.manifest, head.manifest);
    assert.ok((await session.listSnapshots()).some((s) => s.name === name));
    const other = await BridgeSession.connect(url, { token });
    try {
      const imported = await other.importSnapshot(name);
      assert.equal(imported.manifest, head.manifest);
    } finally {
      await other.close();
    }
  } finally {
    await session.close();
  }
});
