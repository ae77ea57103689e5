// engine.io-client 6.6 over WebSocket only (transports: ["websocket"]) against the Java echo
// fixture: handshake, text and binary frames both ways, bursts, the message size limit.

import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../fixture.mjs";
import { openSocket, closeQuietly, bytes, withTimeout, TIMEOUT } from "./support.mjs";
import { TEXTS, BINARIES, echoes, mixed, assertSameMessages } from "./messaging.mjs";

const WEBSOCKET = { transports: ["websocket"] };
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
    assert.equal(s.closeReason, "transport close", "a client closing its WebSocket ends the session as a transport close");
  }
  assert.equal(await server.clientsCount({ equals: 0 }), 0, "no session left open after the test");
});

after(async () => {
  await server?.close();
});

test("handshake over a direct WebSocket offers no upgrade", async () => {
  client = await openSocket(server, WEBSOCKET);
  const h = client.handshake;
  assert.deepEqual(Object.keys(h), ["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"]);
  assert.match(h.sid, /^[A-Za-z0-9_-]{20}$/);
  assert.deepEqual(h.upgrades, []);
  assert.equal(h.pingInterval, 25000);
  assert.equal(h.pingTimeout, 20000);
  assert.equal(h.maxPayload, 1000000);
  assert.equal(client.socket.transport.name, "websocket");
  const s = await server.session(h.sid);
  assert.equal(s.open, true);
  assert.equal(s.transport, "websocket");
  assert.equal(s.upgradedTo, null);
  assert.equal(s.query.transport, "websocket");
});

test("text frames come back exactly, in order", async () => {
  client = await openSocket(server, WEBSOCKET);
  await echoes(client, TEXTS, "text echo");
});

test("binary frames come back as binary with the same bytes", async () => {
  client = await openSocket(server, WEBSOCKET);
  await echoes(client, [...BINARIES, bytes(900_000, 3)], "binary echo");
});

test("a burst of 500 mixed text and binary messages comes back in order", async () => {
  client = await openSocket(server, WEBSOCKET);
  await echoes(client, mixed("ws", 500), "burst echo");
  const s = await server.session(client.socket.id);
  assert.equal(s.messages, 500, "the server received each message once");
});

test("text and binary sent by the server reach the client exactly", async () => {
  client = await openSocket(server, WEBSOCKET);
  const sid = client.socket.id;
  await server.send(sid, "from the server ✓");
  assertSameMessages(await client.inbox.take(1), ["from the server ✓"], "server text");
  await server.send(sid, BINARIES[0]);
  assertSameMessages(await client.inbox.take(1), [BINARIES[0]], "server binary");
  const batch = ["one", Buffer.from([9, 8, 7]), "", Buffer.alloc(0), "three"];
  await server.sendAll(sid, batch);
  assertSameMessages(await client.inbox.take(batch.length), batch, "server batch");
});

test("a message over maxHttpBufferSize closes the connection as a transport error", async () => {
  const small = await createEngine({ maxHttpBufferSize: 1000 });
  try {
    const c = await openSocket(small, WEBSOCKET);
    assert.equal(c.handshake.maxPayload, 1000);
    await echoes(c, [bytes(1000)], "a message of exactly maxHttpBufferSize");
    c.socket.send(bytes(1001));
    const [reason, description] = await withTimeout(c.closed, TIMEOUT, "the server to close the connection");
    assert.equal(reason, "transport close");
    assert.equal(description?.context?.code, 1009, "WebSocket close status 1009 (message too big)");
    const s = await small.sessionClosed(c.handshake.sid);
    assert.equal(s.closeReason, "transport error");
    assert.equal(await small.clientsCount({ equals: 0 }), 0);
  } finally {
    await small.close();
  }
});
