// engine.io-client 6.6 over HTTP long-polling only (transports: ["polling"]) against the Java
// echo fixture: handshake, text and binary both ways, batching, custom path and query.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../fixture.mjs";
import { echoSuite, openSocket, closeQuietly } from "./support.mjs";
import { TEXTS, BINARIES, echoes, mixed, assertSameMessages } from "./messaging.mjs";

const POLLING = { transports: ["polling"] };
const suite = echoSuite("a client close over polling ends the session as a transport close");

test("handshake gives a 20-char sid, offers websocket, and the engine.io defaults, in the reference's key order", async () => {
  suite.client = await openSocket(suite.server, POLLING);
  const h = suite.client.handshake;
  assert.deepEqual(Object.keys(h), ["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"]);
  assert.match(h.sid, /^[A-Za-z0-9_-]{20}$/);
  assert.deepEqual(h.upgrades, ["websocket"]);
  assert.equal(h.pingInterval, 25000);
  assert.equal(h.pingTimeout, 20000);
  assert.equal(h.maxPayload, 1000000);
  assert.equal(suite.client.socket.id, h.sid);
  assert.equal(suite.client.socket.transport.name, "polling");
  const s = await suite.server.session(h.sid);
  assert.equal(s.open, true);
  assert.equal(s.transport, "polling");
  assert.equal(s.query.EIO, "4");
  assert.equal(s.query.transport, "polling");
  assert.equal(await suite.server.clientsCount(), 1);
});

test("text messages come back exactly, in order", async () => {
  suite.client = await openSocket(suite.server, POLLING);
  await echoes(suite.client, TEXTS, "text echo");
});

test("binary messages come back as binary with the same bytes", async () => {
  suite.client = await openSocket(suite.server, POLLING);
  await echoes(suite.client, BINARIES, "binary echo");
});

test("typed arrays and ArrayBuffers are sent as binary", async () => {
  suite.client = await openSocket(suite.server, POLLING);
  const u8 = new Uint8Array([1, 2, 3, 250]);
  suite.client.socket.send(u8);
  suite.client.socket.send(u8.buffer.slice(1, 3));
  const [a, b] = await suite.client.inbox.take(2);
  assert.deepEqual(a, Buffer.from([1, 2, 3, 250]));
  assert.deepEqual(b, Buffer.from([2, 3]));
});

test("a burst of mixed text and binary sent in one tick (one batched POST) comes back in order", async () => {
  suite.client = await openSocket(suite.server, POLLING);
  await echoes(suite.client, mixed("burst", 60), "burst echo");
  const s = await suite.server.session(suite.client.socket.id);
  assert.equal(s.messages, 60, "the server received each message once");
});

test("text and binary sent by the server reach the client exactly", async () => {
  suite.client = await openSocket(suite.server, POLLING);
  const sid = suite.client.socket.id;
  await suite.server.send(sid, "from the server ✓");
  assertSameMessages(await suite.client.inbox.take(1), ["from the server ✓"], "server text");
  await suite.server.send(sid, BINARIES[0]);
  assertSameMessages(await suite.client.inbox.take(1), [BINARIES[0]], "server binary");
  const batch = ["one", Buffer.from([9, 8, 7]), "", Buffer.alloc(0), "three"];
  await suite.server.sendAll(sid, batch);
  assertSameMessages(await suite.client.inbox.take(batch.length), batch, "server batch");
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
