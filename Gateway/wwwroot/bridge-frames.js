// OrleansBridge wire format, protocol version 1 (docs/protocol.md §2, §3): the 16-byte little-endian
// header, JSON bodies and the bulk layout. No dependencies; works in browsers and in Node 20+.

/** Message types (§3). */
export const MessageType = Object.freeze({
  Hello: 0x01,
  Welcome: 0x02,
  Reject: 0x03,
  Ping: 0x04,
  Pong: 0x05,
  Ack: 0x06,
  Close: 0x07,
  Request: 0x10,
  Response: 0x11,
  Event: 0x12,
  /** Server → client, unsequenced, bulk layout: one video frame; requestId is its media id (§6.7). */
  Media: 0x13,
  /** Client → server, unsequenced, empty: requestId is the highest media id consumed (§6.7). */
  MediaAck: 0x14,
});

/** Header flags (§2.1). */
export const FrameFlags = Object.freeze({ None: 0, Error: 0x01, Bulk: 0x02 });

/** Size of the header every frame starts with (§2.1). */
export const HEADER_SIZE = 16;

/** The protocol version this client speaks. */
export const PROTOCOL_VERSION = 1;

const knownTypes = new Set(Object.values(MessageType));
const sequencedTypes = new Set([MessageType.Request, MessageType.Response, MessageType.Event]);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** The stable error codes of §7 that this client raises or acts on. */
export const ErrorCode = Object.freeze({
  MalformedFrame: 4100,
  UnknownMessageType: 4101,
  MalformedBody: 4102,
  UnsupportedProtocolVersion: 4104,
  HandshakeTimeout: 4105,
  UnexpectedMessage: 4106,
  SequenceGap: 4107,
  RateLimited: 4108,
  TooManyInFlight: 4109,
  OutboundBufferFull: 4110,
  KeepAliveTimeout: 4111,
  ServerShuttingDown: 4112,
  TokenMissing: 4200,
  TokenInvalid: 4201,
  TokenExpired: 4202,
  TokenSignatureInvalid: 4203,
  ApplicationClosed: 4206,
  ApplicationNotFound: 4207,
  OriginNotAllowed: 4208,
  SessionNotFound: 4300,
  ResumeTokenInvalid: 4301,
  ResumeSequenceInvalid: 4302,
  SessionTakenOver: 4303,
  SessionClosed: 4304,
  SessionExpired: 4305,
  SessionMoved: 4306,
  ServerDraining: 4307,
  SessionDisplaced: 4308,
  InvalidArgument: 4401,
  InternalError: 4402,
  Cancelled: 4403,
  CacheHashMismatch: 4502,
  VideoContextNotFound: 4820,
  /** Browser only: the WebSocket upgrade failed and the browser hides the HTTP status (see docs/js-client.md). */
  ConnectionRefused: 4950,
});

/** An error with a stable numeric code: a refusal, a failed request, or the end of the session. */
export class BridgeError extends Error {
  /**
   * @param {number} code the code of docs/protocol.md §7
   * @param {string} reason a message a person can act on
   * @param {unknown} [details] the `details` value some methods add (scene.commit lists its problems)
   */
  constructor(code, reason, details) {
    super(`${code}: ${reason}`);
    this.name = 'BridgeError';
    this.code = code;
    this.reason = reason;
    this.details = details;
  }
}

/**
 * Builds one frame. `body` is a Uint8Array (or undefined for an empty body).
 * @returns {Uint8Array}
 */
export function encodeFrame(type, flags, requestId, sequence, ack, body) {
  const length = body ? body.byteLength : 0;
  const frame = new Uint8Array(HEADER_SIZE + length);
  const view = new DataView(frame.buffer);
  view.setUint8(0, type);
  view.setUint8(1, flags);
  view.setUint16(2, 0, true);
  view.setUint32(4, requestId >>> 0, true);
  view.setUint32(8, sequence >>> 0, true);
  view.setUint32(12, ack >>> 0, true);
  if (body) {
    frame.set(body, HEADER_SIZE);
  }
  return frame;
}

/** Encodes a JSON value (§1: camelCase, no comments). */
export function jsonBytes(value) {
  return encoder.encode(JSON.stringify(value));
}

/** A frame whose body is one JSON value. */
export function encodeJsonFrame(type, flags, requestId, sequence, ack, value) {
  return encodeFrame(type, flags, requestId, sequence, ack, jsonBytes(value));
}

/**
 * A Request frame, with the bulk layout of §2.2 when `bulk` is given:
 * uint32 LE length of the JSON part, the JSON part, then the raw bytes.
 */
export function encodeRequest(requestId, sequence, method, params, bulk) {
  const json = jsonBytes({ method, params: params === undefined ? null : params });
  if (bulk === undefined || bulk === null) {
    return encodeFrame(MessageType.Request, FrameFlags.None, requestId, sequence, 0, json);
  }
  const raw = bulk instanceof Uint8Array ? bulk : new Uint8Array(bulk);
  const body = new Uint8Array(4 + json.byteLength + raw.byteLength);
  new DataView(body.buffer).setUint32(0, json.byteLength, true);
  body.set(json, 4);
  body.set(raw, 4 + json.byteLength);
  return encodeFrame(MessageType.Request, FrameFlags.Bulk, requestId, sequence, 0, body);
}

/** Writes a new acknowledgement into a frame (every frame after the handshake carries one, §5.2). */
export function stampAck(frame, ack) {
  new DataView(frame.buffer, frame.byteOffset, HEADER_SIZE).setUint32(12, ack >>> 0, true);
}

/**
 * Reads and checks a header in the order of §2.1's rules; throws BridgeError 4100/4101 on a violation.
 * @returns {{type:number, flags:number, requestId:number, sequence:number, ack:number}}
 */
export function decodeHeader(bytes) {
  if (bytes.byteLength < HEADER_SIZE) {
    throw new BridgeError(ErrorCode.MalformedFrame, `A message of ${bytes.byteLength} bytes is shorter than the 16-byte header.`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_SIZE);
  const header = {
    type: view.getUint8(0),
    flags: view.getUint8(1),
    requestId: view.getUint32(4, true),
    sequence: view.getUint32(8, true),
    ack: view.getUint32(12, true),
  };
  if (!knownTypes.has(header.type)) {
    throw new BridgeError(ErrorCode.UnknownMessageType, `Unknown message type 0x${header.type.toString(16)}.`);
  }
  if ((header.flags & ~(FrameFlags.Error | FrameFlags.Bulk)) !== 0 || view.getUint16(2, true) !== 0) {
    throw new BridgeError(ErrorCode.MalformedFrame, 'Undefined flag bits or a non-zero reserved field.');
  }
  if (sequencedTypes.has(header.type) !== (header.sequence !== 0)) {
    throw new BridgeError(ErrorCode.MalformedFrame, 'The sequence number must be set exactly on Request, Response and Event.');
  }
  return header;
}

/**
 * Splits a body into its JSON value and, with the Bulk flag, its raw part (§2.2).
 * @returns {{json: any, bulk: Uint8Array | null}}
 */
export function decodeBody(bytes, flags) {
  let body = bytes.subarray(HEADER_SIZE);
  let bulk = null;
  if (flags & FrameFlags.Bulk) {
    if (body.byteLength < 4) {
      throw new BridgeError(ErrorCode.MalformedBody, 'A bulk body shorter than its length prefix.');
    }
    const length = new DataView(body.buffer, body.byteOffset, 4).getUint32(0, true);
    if (length > body.byteLength - 4) {
      throw new BridgeError(ErrorCode.MalformedBody, 'A bulk body whose JSON length runs past its end.');
    }
    bulk = body.subarray(4 + length);
    body = body.subarray(4, 4 + length);
  }
  if (body.byteLength === 0) {
    return { json: null, bulk };
  }
  try {
    return { json: JSON.parse(decoder.decode(body)), bulk };
  } catch {
    throw new BridgeError(ErrorCode.MalformedBody, 'A frame body that is not JSON.');
  }
}
