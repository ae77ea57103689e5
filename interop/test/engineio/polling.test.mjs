// engine.io-client 6.6 over HTTP long-polling only (transports: ["polling"]) against the Java
// echo fixture: handshake, text and binary both ways, batching, custom path and query.

import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../fixture.mjs";
import { openSocket, closeQuietly } from "./support.mjs";
import { TEXTS, BINARIES, echoes, mixed, assertSameMessages } from "./messaging.mjs";

const POLLING = { transports: ["polling"] };
let server;
let client;

before(async () => {
  server = await createEngine();
});

afterEach(async () => {
  const sid = client?.socket.id;
  await closeQuietly(client);
  client = undefined;
  if (sid) {
    const s = await server.sessionClosed(sid);
    assert.equal(s.closeReason, "transport close", "a client close over polling ends the session as a transport close");
  }
  assert.equal(await server.clientsCount({ equals: 0 }), 0, "no session left open after the test");
});

after(async () => {
  await server?.close();
});

test("handshake gives a 20-char sid, offers websocket, and the engine.io defaults, in the reference's key order", async () => {
  client = await openSocket(server, POLLING);
  const h = client.handshake;
  assert.deepEqual(Object.keys(h), ["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"]);
  assert.match(h.sid, /^[A-Za-z0-9_-]{20}$/);
  assert.deepEqual(h.upgrades, ["websocket"]);
  assert.equal(h.pingInterval, 25000);
  assert.equal(h.pingTimeout, 20000);
  assert.equal(h.maxPayload, 1000000);
  assert.equal(client.socket.id, h.sid);
  assert.equal(client.socket.transport.name, "polling");
  const s = await server.session(h.sid);
  assert.equal(s.open, true);
  assert.equal(s.transport, "polling");
  assert.equal(s.query.EIO, "4");
  assert.equal(s.query.transport, "polling");
  assert.equal(await server.clientsCount(), 1);
});

test("text messages come back exactly, in order", async () => {
  client = await openSocket(server, POLLING);
  await echoes(client, TEXTS, "text echo");
});

test("binary messages come back as binary with the same bytes", async () => {
  client = await openSocket(server, POLLING);
  await echoes(client, BINARIES, "binary echo");
});

test("typed arrays and ArrayBuffers are sent as binary", async () => {
  client = await openSocket(server, POLLING);
  const u8 = new Uint8Array([1, 2, 3, 250]);
  client.socket.send(u8);
  client.socket.send(u8.buffer.slice(1, 3));
  const [a, b] = await client.inbox.take(2);
  assert.deepEqual(a, Buffer.from([1, 2, 3, 250]));
  assert.deepEqual(b, Buffer.from([2, 3]));
});

test("a burst of mixed text and binary sent in one tick (one batched POST) comes back in order", async () => {
  client = await openSocket(server, POLLING);
  await echoes(client, mixed("burst", 60), "burst echo");
  const s = await server.session(client.socket.id);
  assert.equal(s.messages, 60, "the server received each message once");
});

test("text and binary sent by the server reach the client exactly", async () => {
  client = await openSocket(server, POLLING);
  const sid = client.socket.id;
  await server.send(sid, "from the server ✓");
  assertSameMessages(await client.inbox.take(1), ["from the server ✓"], "server text");
  await server.send(sid, BINARIES[0]);
  assertSameMessages(await client.inbox.take(1), [BINARIES[0]], "server binary");
  const batch = ["one", Buffer.from([9, 8, 7]), "", Buffer.alloc(0), "three"];
  await server.sendAll(sid, batch);
  assertSameMessages(await client.inbox.take(batch.length), batch, "server batch");
});

test("a server that offers no upgrade says so in the handshake", async () => {
  const pollingOnly = await createEngine({ transports: ["polling"] });
  try {
    const c = await openSocket(pollingOnly, POLLING);
    try {
      assert.deepEqual(c.handshake.upgrades, []);
      await echoes(c, ["still echoes", Buffer.from([1])], "echo on a polling-only server");
    } finally {
      await closeQuietly(c);
    }
    assert.equal(await pollingOnly.clientsCount({ equals: 0 }), 0);
  } finally {
    await pollingOnly.close();
  }
});

test("a custom path and query reach the server", async () => {
  const custom = await createEngine({ path: "/custom-path" });
  try {
    assert.equal(custom.path, "/custom-path/");
    const c = await openSocket(custom, { ...POLLING, query: { room: "a b&c", n: "1" } });
    try {
      const s = await custom.session(c.socket.id);
      assert.equal(s.query.room, "a b&c");
      assert.equal(s.query.n, "1");
      await echoes(c, ["on a custom path"], "echo on a custom path");
    } finally {
      await closeQuietly(c);
    }
    assert.equal(await custom.clientsCount({ equals: 0 }), 0);
  } finally {
    await custom.close();
  }
});
