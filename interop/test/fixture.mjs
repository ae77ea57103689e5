// Client of the fixture control API served by the JUnit driver (NodeSuitesTest /
// FixtureControlServer). Each suite creates the Java servers it needs, observes them from the
// server side, and closes them; the driver fails a suite that leaves one open.

import assert from "node:assert/strict";
import { after } from "node:test";

// A suite whose tests have all ended but whose process stays alive is held by something a test
// left open (a client, a timer): say what, so that the driver's timeout message names it. The
// timer itself is unref'd and keeps nothing alive.
after(() => {
  setTimeout(() => {
    console.log(`# still running 30 s after the last test, held by: ${process.getActiveResourcesInfo().join(", ")}`);
  }, 30_000).unref();
});

const BASE = process.env.FIXTURE_URL;

function baseUrl() {
  if (!BASE) {
    throw new Error(
      "FIXTURE_URL is not set: these suites run through `./mvnw verify` (interop/NodeSuitesTest), " +
        "which starts the Java fixture server and passes its URL",
    );
  }
  return BASE;
}

/** Calls the control API; throws with the server's error (and Java stack trace) on a non-2xx. */
export async function control(method, path, body) {
  const res = await fetch(baseUrl() + path, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    throw new Error(`${method} ${path} -> ${res.status}, not JSON: ${text}`);
  }
  if (!res.ok) {
    const trace = json.trace ? `\n${json.trace}` : "";
    throw new Error(`${method} ${path} -> ${res.status}: ${json.error ?? text}${trace}`);
  }
  return json;
}

/**
 * Starts an Engine.IO echo server with engine.io's option names and units, e.g.
 * `{ pingInterval: 300, pingTimeout: 200, transports: ["polling"], echo: false }`.
 * @returns {Promise<EngineFixture>}
 */
export async function createEngine(opts = {}) {
  const info = await control("POST", "/engineio", opts);
  return new EngineFixture(info);
}

/**
 * Starts the chat example (the real app, its page and the client bundle) on a free loopback port.
 * The common routes (`clients`, `session`, `closeSession`, `close`) work on it; `send` does not.
 * @returns {Promise<EngineFixture>}
 */
export async function createChat() {
  const info = await control("POST", "/chat", {});
  return new EngineFixture(info);
}

/**
 * Starts a Socket.IO server instrumented for the admin UI (`AdminUi`, user `admin` with this
 * password) that also serves the UI's own page (`@socket.io/admin-ui`'s `ui/dist`) at `/`, on a
 * free loopback port. A socket of its main namespace joins the room it names in a `join` event.
 * @returns {Promise<AdminFixture>}
 */
export async function createAdmin({ password }) {
  const info = await control("POST", "/admin", { password });
  return new AdminFixture(info);
}

/** One Java server created through the control API. */
export class EngineFixture {
  constructor(info) {
    /** Control API id. */
    this.id = info.id;
    this.port = info.port;
    /** The HTTP binding serving it: "netty", "tomcat" or "jetty" (NodeSuitesTest runs every suite on each). */
    this.binding = info.binding;
    /** The Engine.IO path, normalised by the server (e.g. "/engine.io/"). */
    this.path = info.path;
    /** The PEM certificate a client must trust when the fixture serves TLS (`tls: true`), else undefined. */
    this.ca = info.ca ?? undefined;
    /** Base URL for clients, e.g. "http://127.0.0.1:40123" ("https://..." with TLS). */
    this.url = `${this.ca ? "https" : "http"}://127.0.0.1:${info.port}`;
    this.info = info;
  }

  /**
   * The open-session count. With `{ equals: n, timeout: ms }` the server answers as soon as the
   * count equals n, or after the timeout with whatever it is then (the caller asserts).
   */
  async clientsCount({ equals, timeout = 5000 } = {}) {
    const q = equals === undefined ? "" : `?count=${equals}&timeout=${timeout}`;
    return (await control("GET", `/servers/${this.id}/clients${q}`)).count;
  }

  /** `{ count, sids }` of the open sessions. */
  async clients() {
    return control("GET", `/servers/${this.id}/clients`);
  }

  /**
   * What the server saw of a session: `{ sid, open, transport, upgradedTo, messages, heartbeats,
   * closeReason, closeDescription, openMs, query }`. `until: "closed" | "upgraded" | "pollPending"`
   * waits (up to `timeout` ms) for that to happen first (`pollPending`: a long poll is waiting).
   * Without `until` it still waits for the server to have seen the session: the client's `open`
   * can come before the server's connection listener has recorded it.
   */
  async session(sid, { until, timeout = 5000 } = {}) {
    const q = until ? `?until=${until}&timeout=${timeout}` : `?timeout=${timeout}`;
    return control("GET", `/servers/${this.id}/clients/${encodeURIComponent(sid)}${q}`);
  }

  /** Waits for the server to see the session closed; asserts it did within the timeout. */
  async sessionClosed(sid, { timeout = 5000 } = {}) {
    const s = await this.session(sid, { until: "closed", timeout });
    assert.equal(s.open, false, `server still has session ${sid} open after ${timeout} ms: ${JSON.stringify(s)}`);
    return s;
  }

  /** The server sends a message (string → text, Buffer/Uint8Array → binary) to a session. */
  async send(sid, message) {
    return control("POST", `/servers/${this.id}/clients/${encodeURIComponent(sid)}/send`, toWire(message));
  }

  /** The server sends several messages to a session as one unit. */
  async sendAll(sid, messages) {
    return control("POST", `/servers/${this.id}/clients/${encodeURIComponent(sid)}/send`, {
      messages: messages.map(toWire),
    });
  }

  /** The server closes a session. */
  async closeSession(sid) {
    return control("POST", `/servers/${this.id}/clients/${encodeURIComponent(sid)}/close`);
  }

  /**
   * Stops the server (its sessions see a server close) and answers how each session it ever had
   * ended: `{ closed: id, sessions: { [sid]: closeReason } }` (null for one that never closed).
   */
  async close() {
    return control("DELETE", `/servers/${this.id}`);
  }
}

function toWire(message) {
  if (typeof message === "string") return { text: message };
  if (message instanceof Uint8Array || message instanceof ArrayBuffer) {
    return { binary: Buffer.from(message).toString("base64") };
  }
  throw new TypeError(`a message is a string or bytes, not ${typeof message}`);
}

export async function clientsCount(fixture, opts) {
  return fixture.clientsCount(opts);
}

export async function close(fixture) {
  return fixture.close();
}

/** The fixtures still open (the driver fails a suite that leaves any). */
export async function openServers() {
  return (await control("GET", "/servers")).ids;
}

/** The admin UI fixture: an `EngineFixture` that also tells its main namespace's sockets. */
export class AdminFixture extends EngineFixture {
  /** The main namespace's sockets as the server has them: `{ [socketId]: [room, ...] }`. */
  async sockets() {
    return control("GET", `/servers/${this.id}/sockets`);
  }
}
