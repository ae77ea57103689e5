// The Socket.IO v5 protocol on the wire, over a raw WebSocket (no Socket.IO or Engine.IO client in
// between), against the server the official protocol test suite is written for (the
// `conformance` scenario: an `auth` event on connection, `message` answered by `message-back`,
// `message-with-ack` acknowledged, a `/custom` namespace; connectTimeout 1000 ms). The Engine.IO
// part of that suite runs against the same scenario in engineio/conformance.test.mjs.
// docs/CONFORMANCE.md maps each official case to the test that covers it.

import { describe, test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { createSocketIo } from "./support.mjs";
import { RawWebSocket } from "../raw.mjs";
import { TIMEOUT } from "../engineio/support.mjs";

const CONNECT_TIMEOUT = 1000;
const OPTIONS = { pingInterval: 300, pingTimeout: 200, connectTimeout: CONNECT_TIMEOUT, cors: { origin: "*" } };
const SID = /^[A-Za-z0-9_-]{20}$/;
const PLACEHOLDERS = '{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}';

let server;
let sockets = [];

before(async () => {
  server = await createSocketIo("conformance", OPTIONS);
});

afterEach(async () => {
  for (const ws of sockets) await ws.close();
  sockets = [];
  assert.equal(await server.clientsCount({ equals: 0 }), 0, "no session left open after the test");
});

after(async () => {
  await server?.close();
});

/**
 * A raw WebSocket whose Engine.IO handshake has been read. It answers pings, so that only what a
 * test sends can end it; the pings still show in its messages.
 */
async function engineConnection() {
  const ws = RawWebSocket.to(server, "EIO=4&transport=websocket");
  sockets.push(ws);
  ws.socket.on("message", (m, isBinary) => !isBinary && m.toString() === "2" && ws.send("3"));
  ws.engine = await ws.handshake();
  return ws;
}

/** Asserts a CONNECT reply for `prefix` (`40` or `40/custom,`) carrying exactly a socket id. */
function assertConnected(reply, prefix) {
  assert.equal(typeof reply, "string");
  assert.ok(reply.startsWith(prefix), reply);
  const body = JSON.parse(reply.slice(prefix.length));
  assert.deepEqual(Object.keys(body), ["sid"]);
  assert.match(body.sid, SID);
  return body.sid;
}

/** A raw connection with a socket on `/`: the CONNECT reply and the auth event have been read. */
async function connectedToMain() {
  const ws = await engineConnection();
  ws.send("40");
  assertConnected(await ws.next({ skipPings: true }), "40");
  assert.equal(await ws.next({ skipPings: true }), '42["auth",{}]');
  return ws;
}

/** Asserts the server ends the whole connection. */
async function assertConnectionEnded(ws) {
  await ws.waitClosed(TIMEOUT);
  assert.equal((await server.sessionClosed(ws.engine.sid)).open, false);
}

describe("connect", () => {
  for (const [what, frame, prefix, auth] of [
    ["the main namespace", "40", "40", "{}"],
    ["the main namespace with a payload", '40{"token":"123"}', "40", '{"token":"123"}'],
    ["a custom namespace", "40/custom,", "40/custom,", "{}"],
    ["a custom namespace with a payload", '40/custom,{"token":"abc"}', "40/custom,", '{"token":"abc"}'],
  ]) {
    test(`CONNECT to ${what} is answered with exactly a socket id, then the connection handler's auth event`, async () => {
      const ws = await engineConnection();
      ws.send(frame);
      const sid = assertConnected(await ws.next({ skipPings: true }), prefix);
      assert.notEqual(sid, ws.engine.sid, "the socket id is not the Engine.IO session id");
      const nsp = prefix === "40" ? "" : prefix.slice(2);
      assert.equal(await ws.next({ skipPings: true }), `42${nsp}["auth",${auth}]`);
    });
  }

  test('CONNECT to an unknown namespace is answered 44/random,{"message":"Invalid namespace"}', async () => {
    const ws = await engineConnection();
    ws.send("40/random");
    assert.equal(await ws.next({ skipPings: true }), '44/random,{"message":"Invalid namespace"}');
  });

  test("a first packet that is not a valid Socket.IO packet ends the connection", async () => {
    const ws = await engineConnection();
    ws.send("4abc");
    await assertConnectionEnded(ws);
  });

  test("a connection that sends no CONNECT is closed once connectTimeout has passed", async () => {
    const opened = performance.now();
    const ws = await engineConnection();
    await ws.waitClosed(CONNECT_TIMEOUT + TIMEOUT);
    assert.ok(performance.now() - opened >= CONNECT_TIMEOUT - 50, "not before connectTimeout");
    assert.equal((await server.sessionClosed(ws.engine.sid)).closeReason, "forced close");
  });
});

describe("disconnect", () => {
  test("41 leaves the main namespace and the connection stays: the next frame is a ping", async () => {
    const ws = await connectedToMain();
    ws.send("41");
    assert.equal(await ws.next(), "2");
    assert.equal((await server.session(ws.engine.sid)).open, true);
  });

  test("41/custom leaves only /custom: an event on the main namespace is still answered", async () => {
    const ws = await connectedToMain();
    ws.send("40/custom");
    assertConnected(await ws.next({ skipPings: true }), "40/custom,");
    assert.equal(await ws.next({ skipPings: true }), '42/custom,["auth",{}]');
    ws.send("41/custom");
    ws.send('42["message","message to main namespace"]');
    assert.equal(await ws.next({ skipPings: true }), '42["message-back","message to main namespace"]');
  });
});

describe("message", () => {
  test('an event 42["message",1,"2",{"3":[true]}] is answered with the same arguments as message-back', async () => {
    const ws = await connectedToMain();
    ws.send('42["message",1,"2",{"3":[true]}]');
    assert.equal(await ws.next({ skipPings: true }), '42["message-back",1,"2",{"3":[true]}]');
  });

  test("an event with two binary attachments is answered as 452-[...] and the same bytes, in order", async () => {
    const ws = await connectedToMain();
    ws.send(`452-["message",${PLACEHOLDERS}]`);
    ws.send(Uint8Array.from([1, 2, 3]));
    ws.send(Uint8Array.from([4, 5, 6]));
    assert.deepEqual(await ws.take(3), [
      `452-["message-back",${PLACEHOLDERS}]`,
      Buffer.from([1, 2, 3]),
      Buffer.from([4, 5, 6]),
    ]);
  });

  test("an event with an ack id is acknowledged 43<id>[...] with its arguments", async () => {
    const ws = await connectedToMain();
    ws.send('42456["message-with-ack",1,"2",{"3":[false]}]');
    assert.equal(await ws.next({ skipPings: true }), '43456[1,"2",{"3":[false]}]');
  });

  test("a binary event with an ack id is acknowledged as a binary ack 462-<id>[...] with the same bytes", async () => {
    const ws = await connectedToMain();
    ws.send(`452-789["message-with-ack",${PLACEHOLDERS}]`);
    ws.send(Uint8Array.from([1, 2, 3]));
    ws.send(Uint8Array.from([4, 5, 6]));
    assert.deepEqual(await ws.take(3), [`462-789[${PLACEHOLDERS}]`, Buffer.from([1, 2, 3]), Buffer.from([4, 5, 6])]);
  });

  for (const [what, frame] of [
    ["an unknown packet type", "4abc"],
    ["an event whose payload is not an array", "42{}"],
    ["an ack id that is not a number", '42abc["message-with-ack",1,"2",{"3":[false]}]'],
  ]) {
    test(`${what} ends the connection`, async () => {
      const ws = await connectedToMain();
      ws.send(frame);
      await assertConnectionEnded(ws);
    });
  }
});
