// engine.io-client 3.5 (Engine.IO protocol 3) against the Java echo server with allowEIO3, over
// long-polling, WebSocket and the upgrade: text and binary messages both ways (binary polling
// payloads and binary frames with the type byte), the client's pings answered so the session
// outlives pingInterval + pingTimeout, and closes from either side. A v4 client (engine.io-client
// 6.6) shares the server.

import { describe, test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import EioV3 from "engine.io-client-v3";
import { createEngine } from "../fixture.mjs";
import { Inbox, nextEvent, openSocket, withTimeout, TIMEOUT } from "../engineio/support.mjs";

const PING_INTERVAL = 300;
const PING_TIMEOUT = 200;

const TRANSPORTS = [
  { name: "polling", options: { transports: ["polling"] }, final: "polling" },
  { name: "websocket", options: { transports: ["websocket"] }, final: "websocket" },
  { name: "polling+upgrade", options: {}, final: "websocket" },
];

let server;
let clients = [];

before(async () => {
  server = await createEngine({ pingInterval: PING_INTERVAL, pingTimeout: PING_TIMEOUT, allowEIO3: true });
});

afterEach(async () => {
  for (const c of clients) {
    if (c.socket.readyState !== "closed") c.socket.close();
    await withTimeout(c.closed, TIMEOUT, "the client to close");
  }
  clients = [];
  assert.equal(await server.clientsCount({ equals: 0 }), 0, "no session left open after the test");
});

after(async () => {
  await server?.close();
});

/** An open engine.io-client 3.5 socket: `{ socket, inbox, closed }`. */
async function openV3(options) {
  const socket = new EioV3(server.url, { path: server.path, ...options });
  const inbox = new Inbox(socket);
  const closed = new Promise((resolve) => socket.once("close", (...args) => resolve(args)));
  const client = { socket, inbox, closed };
  clients.push(client);
  await nextEvent(socket, "open", { failOn: ["error", "close"] });
  return client;
}

async function upgradedTo(socket, name) {
  if (socket.transport.name === name) return;
  const [transport] = await nextEvent(socket, "upgrade", { failOn: ["upgradeError", "close"] });
  assert.equal(transport.name, name);
}

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    test("the session is protocol 3 and text messages come back as they went; an empty one as undefined, as protocol 3 decodes a bare 4", async () => {
      const c = await openV3(t.options);
      c.socket.send("héllo ✓ 🎉");
      c.socket.send("");
      c.socket.send("second");
      assert.deepEqual(await c.inbox.take(3), ["héllo ✓ 🎉", undefined, "second"]);
      assert.equal((await server.session(c.socket.id)).protocol, 3);
      await upgradedTo(c.socket, t.final);
      c.socket.send("after");
      assert.deepEqual(await c.inbox.take(1), ["after"]);
    });

    test("binary messages come back with the same bytes, mixed with text in one payload", async () => {
      const c = await openV3(t.options);
      const bin = Buffer.from([0, 1, 2, 127, 128, 255]);
      c.socket.send("text");
      c.socket.send(bin);
      c.socket.send(Buffer.alloc(0));
      const [text, back, empty] = await c.inbox.take(3);
      assert.equal(text, "text");
      assert.deepEqual(Buffer.from(back), bin);
      assert.equal(Buffer.from(empty).length, 0);
    });

    test("the client's pings keep the session past pingInterval + pingTimeout, each answered", async () => {
      const c = await openV3(t.options);
      const pongs = [];
      c.socket.on("pong", () => pongs.push(Date.now()));
      await new Promise((r) => setTimeout(r, 3 * (PING_INTERVAL + PING_TIMEOUT)));
      assert.ok(pongs.length >= 3, `${pongs.length} pongs`);
      const s = await server.session(c.socket.id);
      assert.equal(s.open, true);
      c.socket.send("alive");
      assert.deepEqual(await c.inbox.take(1), ["alive"]);
    });

    test("the client closing ends the session with transport close", async () => {
      const c = await openV3(t.options);
      await upgradedTo(c.socket, t.final);
      const sid = c.socket.id;
      c.socket.close();
      assert.equal((await server.sessionClosed(sid)).closeReason, "transport close");
    });

    test("the server closing the session closes the client", async () => {
      const c = await openV3(t.options);
      await upgradedTo(c.socket, t.final);
      await server.closeSession(c.socket.id);
      const [reason] = await withTimeout(c.closed, TIMEOUT, "the client to close");
      assert.equal(reason, "transport close");
    });
  });
}

test("a v3 and a v4 client on one server, each answered in its own protocol", async () => {
  const old = await openV3({});
  const current = await openSocket(server, {});
  clients.push(current);
  old.socket.send(Buffer.from([1, 2]));
  current.socket.send(Buffer.from([3, 4]));
  assert.deepEqual(Buffer.from((await old.inbox.take(1))[0]), Buffer.from([1, 2]));
  assert.deepEqual(Buffer.from((await current.inbox.take(1))[0]), Buffer.from([3, 4]));
  assert.equal((await server.session(old.socket.id)).protocol, 3);
  assert.equal((await server.session(current.socket.id)).protocol, 4);
});
