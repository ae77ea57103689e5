// engine.io-client 6.6 over WebSocket only (transports: ["websocket"]) against the Java echo
// fixture: handshake, text and binary frames both ways, bursts, the message size limit.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../fixture.mjs";
import { echoSuite, openSocket, closeQuietly, bytes, withTimeout, TIMEOUT } from "./support.mjs";
import { TEXTS, BINARIES, echoes, mixed, assertSameMessages } from "./messaging.mjs";

const WEBSOCKET = { transports: ["websocket"] };
const suite = echoSuite("a client closing its WebSocket ends the session as a transport close");

test("handshake over a direct WebSocket offers no upgrade", async () => {
  suite.client = await openSocket(suite.server, WEBSOCKET);
  const h = suite.client.handshake;
  assert.deepEqual(Object.keys(h), ["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"]);
  assert.match(h.sid, /^[A-Za-z0-9_-]{20}$/);
  assert.deepEqual(h.upgrades, []);
  assert.equal(h.pingInterval, 25000);
  assert.equal(h.pingTimeout, 20000);
  assert.equal(h.maxPayload, 1000000);
  assert.equal(suite.client.socket.transport.name, "websocket");
  const s = await suite.server.session(h.sid);
  assert.equal(s.open, true);
  assert.equal(s.transport, "websocket");
  assert.equal(s.upgradedTo, null);
  assert.equal(s.query.transport, "websocket");
});

test("text frames come back exactly, in order", async () => {
  suite.client = await openSocket(suite.server, WEBSOCKET);
  await echoes(suite.client, TEXTS, "text echo");
});

test("binary frames come back as binary with the same bytes", async () => {
  suite.client = await openSocket(suite.server, WEBSOCKET);
  await echoes(suite.client, [...BINARIES, bytes(900_000, 3)], "binary echo");
});

test("a burst of 500 mixed text and binary messages comes back in order", async () => {
  suite.client = await openSocket(suite.server, WEBSOCKET);
  await echoes(suite.client, mixed("ws", 500), "burst echo");
  const s = await suite.server.session(suite.client.socket.id);
  assert.equal(s.messages, 500, "the server received each message once");
});

test("text and binary sent by the server reach the client exactly", async () => {
  suite.client = await openSocket(suite.server, WEBSOCKET);
  const sid = suite.client.socket.id;
  await suite.server.send(sid, "from the server ✓");
  assertSameMessages(await suite.client.inbox.take(1), ["from the server ✓"], "server text");
  await suite.server.send(sid, BINARIES[0]);
  assertSameMessages(await suite.client.inbox.take(1), [BINARIES[0]], "server binary");
  const batch = ["one", Buffer.from([9, 8, 7]), "", Buffer.alloc(0), "three"];
  await suite.server.sendAll(sid, batch);
  assertSameMessages(await suite.client.inbox.take(batch.length), batch, "server batch");
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
