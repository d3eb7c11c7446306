// Scene transactions (docs/protocol.md §6.3), jobs (§6.5) and snapshots (§6.6) over a BridgeSession.

import { BridgeError, ErrorCode } from './bridge-frames.js';
import { sha256Hex, toBytes, uploadMany } from './bridge-cache.js';

/** Elements per scene.put message, well inside the default message size. */
const ELEMENTS_PER_MESSAGE = 500;

/**
 * A scene transaction. It begins on the server at once (optimistic concurrency is measured from now),
 * collects puts, removals and bulk data locally, and at {@link commit} uploads the bulk data the cache
 * lacks, sends the changes and commits: all of it or nothing.
 */
export class Transaction {
  constructor(session) {
    this._session = session;
    this._begin = session.request('scene.begin');
    this._begin.catch(() => {}); // Reported by commit or abort.
    this._puts = new Map();
    this._removals = new Set();
    this._bulk = new Map();
    this._finished = false;
  }

  /** Resolves with the server's transaction id. */
  async id() {
    return (await this._begin).transaction;
  }

  /** Creates or replaces an element (validated at commit). */
  put(name, element) {
    this._removals.delete(name);
    this._puts.set(name, element);
    return this;
  }

  /** Removes an element. */
  remove(name) {
    this._puts.delete(name);
    this._removals.add(name);
    return this;
  }

  /** Registers bulk data (a vertex array, an image) and resolves with its hash; uploaded at commit only if the cache lacks it. */
  async addBulk(data) {
    const bytes = await toBytes(data);
    const hash = await sha256Hex(bytes);
    this._bulk.set(hash, bytes);
    return hash;
  }

  /** Uploads, puts, removes and commits; resolves with the new head, rejects with a BridgeError whose `details` lists every problem. */
  async commit({ onProgress } = {}) {
    this._finish();
    const { transaction } = await this._begin;
    if (this._bulk.size > 0) {
      await uploadMany(this._session, [...this._bulk.values()], { onProgress });
    }
    const puts = [...this._puts];
    for (let at = 0; at < puts.length; at += ELEMENTS_PER_MESSAGE) {
      await this._session.request('scene.put', { transaction, elements: Object.fromEntries(puts.slice(at, at + ELEMENTS_PER_MESSAGE)) });
    }
    if (this._removals.size > 0) {
      await this._session.request('scene.remove', { transaction, names: [...this._removals] });
    }
    this.commitSentAt = performance.now(); // where a frame's edit-to-photon splits into this client's part and the server's
    return this._session.request('scene.commit', { transaction });
  }

  /** Drops the transaction on the server. */
  async abort() {
    this._finish();
    const { transaction } = await this._begin;
    return this._session.request('scene.abort', { transaction });
  }

  _finish() {
    if (this._finished) {
      throw new Error('The transaction was already committed or aborted.');
    }
    this._finished = true;
  }
}

/**
 * Submits a job and follows it. Resolves with a handle: `{jobId, result, cancel()}` where `result` is a
 * promise of the job's result (rejecting with a BridgeError carrying the job's code, 4403 after a cancel).
 * Events are subscribed before the submit: a job's first events may arrive before its id (§6.5).
 * Aborting `signal` cancels the job, even while the submit is under way; an already aborted signal
 * rejects with its reason and submits nothing.
 */
export async function submitJob(session, job, input, { onProgress, transaction, signal } = {}) {
  signal?.throwIfAborted(); // aborted before the call: nothing is submitted
  const early = [];
  let jobId = null;
  let settle;
  const result = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  const handle = (name, data) => {
    if (jobId === null) {
      early.push([name, data]);
      return;
    }
    if (data?.jobId !== jobId) {
      return;
    }
    if (name === 'job.progress') {
      onProgress?.(data);
    } else if (name === 'job.completed') {
      unsubscribe();
      settle.resolve(data.result);
    } else if (name === 'job.failed') {
      unsubscribe();
      settle.reject(new BridgeError(data.code, data.message));
    }
  };
  const offs = ['job.progress', 'job.completed', 'job.failed'].map((name) => session.on(name, (data) => handle(name, data)));
  const offClosed = session.on('state', (change) => {
    if (change.state === 'closed') {
      unsubscribe();
      settle.reject(new BridgeError(session.end?.code ?? ErrorCode.SessionClosed, session.end?.reason ?? 'The session closed.'));
    }
  });
  const unsubscribe = () => { offs.forEach((off) => off()); offClosed(); };
  const params = { job };
  if (input !== undefined) {
    params.input = input;
  }
  if (transaction !== undefined) {
    params.transaction = transaction;
  }
  const submitted = await session.send('job.submit', params);
  if (!submitted.ok) {
    unsubscribe();
    throw new BridgeError(submitted.code, submitted.reason, submitted.details);
  }
  jobId = submitted.result.jobId;
  for (const [name, data] of early.splice(0)) {
    handle(name, data);
  }
  const cancel = () => session.send('job.cancel', { jobId });
  if (signal?.aborted) {
    cancel(); // aborted while the submit was under way: its 'abort' event has passed
  } else {
    signal?.addEventListener('abort', cancel, { once: true });
  }
  result.catch(() => {}).finally(() => signal?.removeEventListener('abort', cancel));
  return { jobId, result, cancel };
}

/** Runs a job to its end and resolves with its result; see {@link submitJob}. */
export async function runJob(session, job, input, options = {}) {
  return (await submitJob(session, job, input, options)).result;
}
