// Helpers shared by the Socket.IO suites: start a Socket.IO scenario on the Java fixture server
// (SocketIoFixture / SocketIoScenarios), connect the official socket.io-client 4.8 to it, record
// the exact frames each client sees, and wait for client and server events with deadlines.
//
// A suite file whose header says "// Parsers: json, msgpack" runs twice (NodeSuitesTest): with
// socket.io's default parser, and with SOCKETIO_PARSER=msgpack, where the fixture server and every
// client use socket.io-msgpack-parser. The frames a Wire records are then rendered as the default
// parser would write the same packets, so the suites' frame assertions hold for both.

import { before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { io, Manager } from "socket.io-client";
import { Encoder as JsonEncoder } from "socket.io-parser";
import { control, EngineFixture } from "../fixture.mjs";
import { nextEvent, withTimeout, Queue, TIMEOUT } from "../engineio/support.mjs";

export { nextEvent, withTimeout, TIMEOUT };

const require = createRequire(import.meta.url);
const msgpackParser = require("socket.io-msgpack-parser");
const notepack = require("notepack.io");

/**
 * The parser this run uses (`SOCKETIO_PARSER`, default `json`): its name, the client option that
 * selects it, and `carry(value)`, what a value becomes after one trip through it (what a Node
 * server with this parser would hand on).
 */
export const PARSER = (() => {
  const name = process.env.SOCKETIO_PARSER ?? "json";
  if (name === "json") {
    return { name, clientOptions: {}, carry: (v) => JSON.parse(JSON.stringify(v)) };
  }
  assert.equal(name, "msgpack", `SOCKETIO_PARSER is json or msgpack, not ${name}`);
  return { name, clientOptions: { parser: msgpackParser }, carry: (v) => notepack.decode(notepack.encode(v)) };
})();

const ALL_TRANSPORTS = [
  { name: "polling", options: { transports: ["polling"] }, first: "polling", final: "polling" },
  { name: "websocket", options: { transports: ["websocket"] }, first: "websocket", final: "websocket" },
  { name: "polling+upgrade", options: {}, first: "polling", final: "websocket" },
];

/**
 * The transport setups a feature is run over: long-polling only, WebSocket only, and the default
 * flow (polling first, then the upgrade to WebSocket, with traffic allowed during the upgrade).
 * With the msgpack parser only the first two: they carry its binary messages each its own way
 * (base64 records in polling payloads, binary WebSocket frames), and the upgrade flow, which does
 * not depend on the parser, is covered by the default parser's run.
 */
export const TRANSPORTS = PARSER.name === "json" ? ALL_TRANSPORTS : ALL_TRANSPORTS.slice(0, 2);

/**
 * Starts a Socket.IO scenario (`main`, `namespaces`, `middleware`, `conformance`) with Socket.IO/Engine.IO
 * option names and units, e.g. `{ connectTimeout: 500, connectionStateRecovery: true }`.
 * @returns {Promise<SocketIoFixture>}
 */
export async function createSocketIo(scenario = "main", opts = {}) {
  const info = await control("POST", "/socketio", { scenario, parser: PARSER.name, ...opts });
  return new SocketIoFixture(info);
}

/** A Socket.IO fixture: the Engine.IO routes plus the Socket.IO actions and the server's log. */
export class SocketIoFixture extends EngineFixture {
  action(method, name, body) {
    return control(method, `/servers/${this.id}/${name}`, body);
  }

  /**
   * The server emits. `{ event, args, nsp?, parent?, socket?, from?, to?, except?, volatile?,
   * timeout?, ack? }`: `socket` is one socket's `emit`, else a broadcast (from `from` as
   * `socket.broadcast`, or from the namespace). With `ack`, resolves once acknowledged with
   * `{ ack }` (one socket) / `{ responses }` (broadcast) / `{ error, responses? }`.
   */
  async emit(spec) {
    const res = await this.action("POST", "emit", { ...spec, args: toControl(spec.args ?? []) });
    return fromControl(res);
  }

  /** `[{ id, rooms, data, handshake: { auth, query } }]` of the targeted sockets. */
  async fetchSockets(spec = {}) {
    return fromControl(await this.action("POST", "fetchSockets", spec));
  }

  socketsJoin(spec) {
    return this.action("POST", "socketsJoin", spec);
  }

  socketsLeave(spec) {
    return this.action("POST", "socketsLeave", spec);
  }

  disconnectSockets(spec) {
    return this.action("POST", "disconnectSockets", spec);
  }

  /** `socket.disconnect(close)` on the server for the socket `id` of `nsp`. */
  disconnectSocket(spec) {
    return this.action("POST", "disconnect", spec);
  }

  /** The namespace names; with `present`/`absent`, once that holds (or after `timeout`). */
  namespaces(spec = {}) {
    return this.action("POST", "namespaces", spec);
  }

  /** Every entry the server's handlers logged. */
  async log() {
    return fromControl(await this.action("GET", "log"));
  }

  /**
   * The log entries matching every field of `match`, once there are `count` (asserted): e.g.
   * `awaitLog({ type: "disconnect", id })`.
   */
  async awaitLog(match, { count = 1, timeout = TIMEOUT } = {}) {
    for (const [k, v] of Object.entries(match)) {
      assert.notEqual(v, undefined, `log match field ${k} is undefined (a disconnected client's id?)`);
    }
    const { entries } = await this.action("POST", "log", { match, count, timeout });
    assert.ok(
      entries.length >= count,
      `server log: ${entries.length} of ${count} entries matching ${JSON.stringify(match)} after ${timeout} ms`,
    );
    return fromControl(entries);
  }

  /** The first log entry matching `match` (waited for). */
  async logged(match, opts) {
    return (await this.awaitLog(match, opts))[0];
  }

  /** Closes the server (io.close through the HTTP binding) and answers `{ sessions, log }`. */
  async close() {
    const res = await control("DELETE", `/servers/${this.id}`);
    return { ...res, log: fromControl(res.log ?? []) };
  }
}

/** Buffers (anywhere in a value) as `{ $binary: base64 }` for the control API. */
export function toControl(value) {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $binary: Buffer.from(value).toString("base64") };
  if (value instanceof ArrayBuffer) return { $binary: Buffer.from(value).toString("base64") };
  if (Array.isArray(value)) return value.map(toControl);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toControl(v)]));
  }
  return value;
}

/** `{ $binary: base64 }` (anywhere in a value) as Buffers. */
export function fromControl(value) {
  if (Array.isArray(value)) return value.map(fromControl);
  if (value && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$binary") return Buffer.from(value.$binary, "base64");
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromControl(v)]));
  }
  return value;
}

/** An Engine.IO message as its wire unit: `4` + the text, or the bytes as they are (v4). */
function frame(data) {
  return typeof data === "string" ? "4" + data : Buffer.from(data);
}

const jsonEncoder = new JsonEncoder();

/**
 * The wire units of one message: itself with the default parser; with the msgpack parser, the
 * frames socket.io-parser would write for the packet it carries (`42[...]`, or a BINARY_EVENT
 * header and its attachments), after checking that the message is exactly what notepack writes
 * for that packet (each number, string and header in notepack's format).
 */
function frames(data, sent) {
  if (PARSER.name === "json") return [frame(data)];
  assert.notEqual(typeof data, "string", `a text message with the msgpack parser: ${data}`);
  const bytes = Buffer.from(data);
  const packet = notepack.decode(bytes);
  if (!sent) {
    assert.equal(notepack.encode(packet).toString("hex"), bytes.toString("hex"), "the server's message is notepack's encoding");
  }
  return jsonEncoder.encode(packet).map(frame);
}

/**
 * Records every Engine.IO message a Manager's connection receives and sends, as the exact wire
 * units (a WebSocket frame, or one record of a polling payload): strings for text messages,
 * including the Engine.IO type `4` (e.g. `42["hey"]`), Buffers for binary ones. Follows reconnections (each
 * new engine is hooked as the Manager opens it).
 */
export class Wire {
  constructor(manager) {
    this.received = [];
    this.sent = [];
    this.waiters = [];
    const hook = (engine) => {
      if (!engine || engine.__wireHooked) return;
      engine.__wireHooked = true;
      engine.on("packet", (p) => {
        if (p.type === "message") {
          this.received.push(...frames(p.data, false));
          this.waiters = this.waiters.filter((w) => !w());
        }
      });
      engine.on("packetCreate", (p) => {
        if (p.type === "message") this.sent.push(...frames(p.data, true));
      });
    };
    hook(manager.engine);
    manager.on("open", () => hook(manager.engine));
    // The engine is created synchronously by open(); hook it before its first packet arrives.
    const open = manager.open.bind(manager);
    manager.open = (fn) => {
      const r = open(fn);
      hook(manager.engine);
      return r;
    };
  }

  /** Text frames received, in order. */
  texts() {
    return this.received.filter((m) => typeof m === "string");
  }

  /** Waits for a received text frame matching the regexp (or predicate), searching from the start. */
  async waitFor(test, { timeout = TIMEOUT } = {}) {
    const pred = typeof test === "function" ? test : (m) => typeof m === "string" && test.test(m);
    let check;
    const found = new Promise((resolve) => {
      check = () => {
        const m = this.received.find(pred);
        if (m === undefined) return false;
        resolve(m);
        return true;
      };
      if (!check()) this.waiters.push(check);
    });
    return withTimeout(found, timeout, `a received frame matching ${test}`).finally(() => {
      this.waiters = this.waiters.filter((w) => w !== check);
    });
  }
}

/**
 * A socket.io-client socket on the fixture, with its own Manager (forceNew) and no automatic
 * reconnection unless asked. `socket.wire` records its connection's frames. Not awaited: see
 * `connected`.
 */
export function socketOn(fixture, nsp = "/", opts = {}) {
  const socket = io(fixture.url + nsp, { forceNew: true, reconnection: false, ...PARSER.clientOptions, ...opts });
  socket.wire = new Wire(socket.io);
  return socket;
}

/** Waits for the socket's `connect` (rejects on `connect_error`, with the server's message). */
export async function connected(socket, { timeout = TIMEOUT } = {}) {
  if (socket.connected) return socket;
  await nextEvent(socket, "connect", { timeout, failOn: ["connect_error"] });
  return socket;
}

/** A connected socket (see `socketOn`). */
export async function connect(fixture, nsp = "/", opts = {}) {
  const socket = socketOn(fixture, nsp, opts);
  try {
    return await connected(socket);
  } catch (e) {
    socket.disconnect();
    throw e;
  }
}

/** A socket of an existing Manager (multiplexed on its connection), connected. */
export async function connectVia(manager, nsp, opts = {}) {
  const socket = manager.socket(nsp, opts);
  socket.wire = manager.__wire;
  return connected(socket);
}

/** A Manager with a frame recorder (`manager.__wire`), not reconnecting unless asked. */
export function managerOn(fixture, opts = {}) {
  const manager = new Manager(fixture.url, { reconnection: false, ...PARSER.clientOptions, ...opts });
  manager.__wire = new Wire(manager);
  return manager;
}

/** Resolves once the engine under the socket runs on `name` (waits for the upgrade if needed). */
export async function onTransport(socket, name, { timeout = TIMEOUT } = {}) {
  const engine = socket.io.engine;
  if (engine.transport?.name === name) return;
  const [transport] = await nextEvent(engine, "upgrade", { timeout, failOn: ["upgradeError", "close"] });
  assert.equal(transport.name, name);
}

/** Disconnects every given socket (ignoring those already gone). */
export function disconnectAll(...sockets) {
  for (const s of sockets.flat()) {
    if (s) s.disconnect();
  }
}

/**
 * Collects the arguments of every `event` a socket receives (or of every event, with `"*"`,
 * as `[event, ...args]`), so nothing is missed between two awaits.
 */
export class Inbox extends Queue {
  constructor(socket, event = "*") {
    super("event");
    if (event === "*") socket.onAny((...args) => this.push(args));
    else socket.on(event, (...args) => this.push(args));
  }

  /**
   * Everything up to and including the first item whose event is `marker` (for `"*"` inboxes):
   * with a marker sent after the emits under test, what arrived before it is all that will.
   */
  untilMarker(marker = "marker", { timeout = TIMEOUT } = {}) {
    const through = (items) => {
      const i = items.findIndex((args) => args[0] === marker);
      return i < 0 ? -1 : i + 1;
    };
    return this.takeWhen(through, `the "${marker}" event (${this.items.length} others arrived)`, timeout);
  }
}

/** Asserts the server has no Engine.IO session left (after the clients closed). */
export async function assertNoClients(fixture) {
  assert.equal(await fixture.clientsCount({ equals: 0 }), 0, "no Engine.IO session left open on the server");
}

/**
 * Registers the hooks of a suite whose tests share one fixture running `scenario` with `opts`
 * (as {@link createSocketIo} takes them): it is created before the first test and closed after
 * the last. After each test, every client socket in `suite.sockets` is disconnected and the
 * array emptied, and no Engine.IO session may be left.
 * @returns {{ server: SocketIoFixture | undefined, sockets: object[] }} the suite's state, filled
 *     in by the hooks (`server`) and by the tests (`sockets`, to push what they connect)
 */
export function scenarioSuite(scenario, opts = {}) {
  const suite = { server: undefined, sockets: [] };
  before(async () => {
    suite.server = await createSocketIo(scenario, opts);
  });
  afterEach(async () => {
    disconnectAll(suite.sockets);
    suite.sockets.length = 0;
    await assertNoClients(suite.server);
  });
  after(async () => {
    await suite.server?.close();
  });
  return suite;
}

/** The error of a socket whose connection is refused (its `connect_error`); fails if it connects. */
export async function refused(socket) {
  const [err] = await nextEvent(socket, "connect_error", { failOn: ["connect"] });
  return err;
}

/** Bytes 0..n-1 (mod 256) shifted by `offset`, a payload whose every byte is checkable. */
export function bytes(n, offset = 0) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i + offset) & 0xff;
  return b;
}

/** Milliseconds since `start` (from performance.now()). */
export function since(start) {
  return performance.now() - start;
}
