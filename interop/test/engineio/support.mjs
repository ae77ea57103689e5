// Helpers shared by the Engine.IO suites: open an official engine.io-client Socket on a fixture,
// and wait for its events with deadlines (never sleep and hope).

import { before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { Socket } from "engine.io-client";
import { createEngine } from "../fixture.mjs";

/** Default deadline for one awaited event. */
export const TIMEOUT = 5000;

/** Resolves with the promise's value, or rejects once `ms` have passed, naming what was awaited. */
export function withTimeout(promise, ms, what) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * The next `event` of an emitter, as the array of its arguments. Rejects if one of `failOn` comes
 * first (with its arguments in the message) or after `timeout` ms.
 */
export function nextEvent(emitter, event, { timeout = TIMEOUT, failOn = [] } = {}) {
  const listeners = [];
  const done = new Promise((resolve, reject) => {
    const on = (name, fn) => {
      emitter.on(name, fn);
      listeners.push([name, fn]);
    };
    on(event, (...args) => resolve(args));
    for (const bad of failOn) {
      on(bad, (...args) => reject(new Error(`${bad} before ${event}: ${describe(args)}`)));
    }
  });
  return withTimeout(done, timeout, `"${event}"`).finally(() => {
    for (const [name, fn] of listeners) emitter.off(name, fn);
  });
}

function describe(args) {
  return args
    .map((a) => (a instanceof Error ? `${a.message}${a.description ? ` (${describe([a.description])})` : ""}` : String(a?.message ?? a)))
    .join(", ");
}

/**
 * What listeners push as it comes, taken in order by awaits with deadlines, so nothing is missed
 * between two awaits. `noun` names one item in the timeout errors ("message", "event").
 */
export class Queue {
  constructor(noun) {
    this.noun = noun;
    this.items = [];
    this.waiters = [];
  }

  push(item) {
    this.items.push(item);
    this.waiters = this.waiters.filter((w) => !w());
  }

  /**
   * Resolves with the first `count(items)` items (removed from the queue) once `count` says how
   * many, that is returns 0 or more; rejects after `timeout` ms with `what` in the message.
   */
  takeWhen(count, what, timeout) {
    let check;
    const got = new Promise((resolve) => {
      check = () => {
        const k = count(this.items);
        if (k < 0) return false;
        resolve(this.items.splice(0, k));
        return true;
      };
      if (!check()) this.waiters.push(check);
    });
    return withTimeout(got, timeout, what).finally(() => {
      this.waiters = this.waiters.filter((w) => w !== check);
    });
  }

  /** The next `n` items (in order), or rejects after `timeout` ms saying how many came. */
  take(n, { timeout = TIMEOUT } = {}) {
    return this.takeWhen((items) => (items.length < n ? -1 : n), `${n} ${this.noun}(s) (${this.items.length} arrived)`, timeout);
  }

  /** The next item. */
  async next(opts) {
    return (await this.take(1, opts))[0];
  }
}

/** Collects a socket's messages from creation on, so none is missed between two awaits. */
export class Inbox extends Queue {
  constructor(socket) {
    super("message");
    socket.on("message", (data) => this.push(data));
  }
}

/**
 * An engine.io-client Socket on a fixture, resolved once open. Returns `{ socket, inbox, handshake,
 * closed }`, where `closed` resolves with `[reason, description]` when the client closes.
 */
export async function openSocket(fixture, opts = {}) {
  const socket = new Socket(fixture.url, { path: fixture.path, ...opts });
  const inbox = new Inbox(socket);
  const closed = new Promise((resolve) => socket.once("close", (...args) => resolve(args)));
  // "handshake" always comes just before "open".
  let handshake;
  socket.once("handshake", (data) => (handshake = data));
  try {
    await nextEvent(socket, "open", { failOn: ["error", "close"] });
  } catch (e) {
    socket.close();
    throw e;
  }
  return { socket, inbox, handshake, closed };
}

/** Closes a client if it is still open and waits for its close event. */
export async function closeQuietly(client) {
  if (!client) return;
  if (client.socket.readyState !== "closed") client.socket.close();
  await withTimeout(client.closed, TIMEOUT, "the client to close");
}

/** Bytes 0..n-1 (mod 256) as a Buffer, a payload whose every byte value is checkable. */
export function bytes(n, offset = 0) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i + offset) & 0xff;
  return b;
}

/**
 * Registers the hooks of a suite whose tests each open at most one client on one shared echo
 * fixture: the fixture is created before the first test and closed after the last. After each
 * test, the client in `suite.client` (if any) is closed, its session must end on the server as
 * "transport close" (a test that ends the session otherwise sets `suite.client` back to
 * undefined), and no session may be left open.
 * @param {string} [closeMessage] what the "transport close" assertion says when it fails
 * @returns {{ server: EngineFixture | undefined, client: object | undefined }} the suite's state,
 *     filled in by the hooks (`server`) and by the tests (`client`)
 */
export function echoSuite(closeMessage) {
  const suite = { server: undefined, client: undefined };
  before(async () => {
    suite.server = await createEngine();
  });
  afterEach(async () => {
    const sid = suite.client?.handshake?.sid;
    await closeQuietly(suite.client);
    suite.client = undefined;
    if (sid) {
      const s = await suite.server.sessionClosed(sid);
      assert.equal(s.closeReason, "transport close", closeMessage);
    }
    assert.equal(await suite.server.clientsCount({ equals: 0 }), 0, "no session left open after the test");
  });
  after(async () => {
    await suite.server?.close();
  });
  return suite;
}
