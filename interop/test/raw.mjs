// Raw HTTP and raw WebSocket access to a fixture, below any Engine.IO client: requests and frames
// exactly as written, answers exactly as sent. For the suites that check the wire itself (the
// protocol conformance suites); everything else goes through the official clients.

import WebSocket from "ws";
import { Queue, withTimeout, TIMEOUT } from "./engineio/support.mjs";

/** The Engine.IO endpoint of a fixture with a query, e.g. `endpoint(f, "EIO=4&transport=polling")`. */
export function endpoint(fixture, query) {
  return `${fixture.url}${fixture.path}?${query}`;
}

/** `EIO=4&transport=polling` for a session (or the handshake when `sid` is absent). */
export function pollingQuery(sid) {
  return `EIO=4&transport=polling${sid ? `&sid=${sid}` : ""}`;
}

/** A plain HTTP request: `{ status, body }` with the body as text. */
export async function request(url, init = {}) {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.text() };
}

/** A polling handshake: the open packet's JSON (the text after the leading `0`), checked for its shape. */
export async function openPollingSession(fixture) {
  const { status, body } = await request(endpoint(fixture, pollingQuery()));
  if (status !== 200 || !body.startsWith("0")) {
    throw new Error(`polling handshake answered ${status}: ${body}`);
  }
  return JSON.parse(body.slice(1));
}

/** A poll of a session: `{ status, body }`. */
export function poll(fixture, sid, init = {}) {
  return request(endpoint(fixture, pollingQuery(sid)), init);
}

/** A POST of a payload to a session: `{ status, body }`. */
export function post(fixture, sid, payload) {
  return request(endpoint(fixture, pollingQuery(sid)), { method: "POST", body: payload });
}

/**
 * A WebSocket from the `ws` package with everything it receives queued from its creation on:
 * `messages` (text as strings, binary as Buffers), `opened` and `closed` (resolving with
 * `{ code, reason }`). Refused handshakes and socket errors end in `closed` too.
 */
export class RawWebSocket {
  constructor(url) {
    this.socket = new WebSocket(url);
    this.messages = new Queue("message");
    this.socket.on("message", (data, isBinary) => this.messages.push(isBinary ? Buffer.from(data) : data.toString()));
    this.socket.on("error", (err) => {
      this.error = err;
    });
    this.opened = new Promise((resolve) => this.socket.once("open", resolve));
    this.closed = new Promise((resolve) => this.socket.once("close", (code, reason) => resolve({ code, reason: String(reason) })));
  }

  /** Opens a WebSocket to the fixture's endpoint with this query. */
  static to(fixture, query) {
    return new RawWebSocket(endpoint(fixture, query).replace(/^http/, "ws"));
  }

  async waitOpen() {
    await withTimeout(this.opened, TIMEOUT, "the WebSocket to open");
    return this;
  }

  /** The next message, skipping pings when asked. */
  async next({ skipPings = false, timeout = TIMEOUT } = {}) {
    for (;;) {
      const m = await this.messages.next({ timeout });
      if (!(skipPings && m === "2")) return m;
    }
  }

  /** The next `n` messages other than pings. */
  async take(n, opts) {
    const out = [];
    while (out.length < n) out.push(await this.next({ skipPings: true, ...opts }));
    return out;
  }

  /** The open packet's JSON. */
  async handshake() {
    const open = await this.next();
    if (typeof open !== "string" || !open.startsWith("0")) throw new Error(`not an open packet: ${open}`);
    return JSON.parse(open.slice(1));
  }

  send(data) {
    this.socket.send(data);
  }

  /** Resolves with `{ code, reason }` once the connection is closed, whoever closed it. */
  waitClosed(timeout = TIMEOUT) {
    return withTimeout(this.closed, timeout, "the WebSocket to be closed");
  }

  /** Closes it if still open and waits for the close. */
  async close() {
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) {
      this.socket.terminate();
    }
    await this.waitClosed();
  }
}
