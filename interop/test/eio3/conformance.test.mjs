// The Engine.IO v3 protocol on the wire (what Socket.IO v2 clients speak), with raw HTTP requests
// and a raw WebSocket, against the server the official v3 test suite
// (docs/engine.io-protocol/v3-test-suite) is written for: an Engine.IO echo server on /engine.io/
// with allowEIO3, pingInterval 300 ms and pingTimeout 200 ms. docs/CONFORMANCE.md maps each
// official case to the test here that covers it. Payloads are length-prefixed (`6:4hello`),
// binary is `b4` + base64 (or the binary payload form for clients that take binary), and the
// client pings.

import { describe, test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../fixture.mjs";
import { TIMEOUT } from "../engineio/support.mjs";
import { RawWebSocket, endpoint, request } from "../raw.mjs";

const PING_INTERVAL = 300;
const PING_TIMEOUT = 200;
const OPTIONS = { pingInterval: PING_INTERVAL, pingTimeout: PING_TIMEOUT, cors: { origin: "*" }, allowEIO3: true };
const HANDSHAKE_KEYS = ["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"];
const UNKNOWN_SID = '{"code":1,"message":"Session ID unknown"}';
const WS = "EIO=3&transport=websocket";

/** `EIO=3&transport=polling`, for a session or the handshake; `b64=1` when asked. */
function query(sid, { b64 = false } = {}) {
  return `EIO=3&transport=polling${b64 ? "&b64=1" : ""}${sid ? `&sid=${sid}` : ""}`;
}

/** Splits a one-packet v3 payload into its length and packet, as the official suite does. */
function decodePayload(payload) {
  const colon = payload.indexOf(":");
  return [payload.substring(0, colon), payload.substring(colon + 1)];
}

describe("Engine.IO v3 echo server (allowEIO3)", () => {
  let server;
  let sockets = [];

  function webSocket(q) {
    const ws = RawWebSocket.to(server, q);
    sockets.push(ws);
    return ws;
  }

  /** A polling handshake (base64 unless `binary`): the session id. */
  async function openSession({ binary = false } = {}) {
    const { status, body } = await request(endpoint(server, query(undefined, { b64: !binary })));
    assert.equal(status, 200, body);
    const [, packet] = decodePayload(body);
    return JSON.parse(packet.slice(1)).sid;
  }

  const poll = (sid, init) => request(endpoint(server, query(sid)), init);
  const post = (sid, body) => request(endpoint(server, query(sid)), { method: "POST", body });

  before(async () => {
    server = await createEngine(OPTIONS);
  });

  afterEach(async () => {
    for (const ws of sockets) await ws.close();
    sockets = [];
    for (const sid of (await server.clients()).sids) {
      await server.closeSession(sid).catch((e) => assert.match(e.message, /404: no open session/));
      await poll(sid);
    }
    assert.equal(await server.clientsCount({ equals: 0 }), 0, "no session left open after the test");
  });

  after(async () => {
    await server?.close();
  });

  describe("handshake over long-polling", () => {
    test("a GET with EIO=3 opens a protocol 3 session: a length-prefixed open packet with the handshake keys", async () => {
      const { status, body } = await request(endpoint(server, query()));
      assert.equal(status, 200);
      const [length, packet] = decodePayload(body);
      assert.equal(length, String(packet.length));
      assert.ok(packet.startsWith("0"), packet);
      const h = JSON.parse(packet.slice(1));
      assert.deepEqual(Object.keys(h), HANDSHAKE_KEYS);
      assert.deepEqual(h.upgrades, ["websocket"]);
      assert.equal(h.pingInterval, PING_INTERVAL);
      assert.equal(h.pingTimeout, PING_TIMEOUT);
      assert.equal(h.maxPayload, 1000000);
      // The echo proves the server's connection listeners ran, so the fixture knows the session.
      assert.deepEqual(await post(h.sid, "2:4x"), { status: 200, body: "ok" });
      assert.deepEqual(await poll(h.sid), { status: 200, body: "2:4x" });
      assert.equal((await server.session(h.sid)).protocol, 3);
    });

    test("a missing or unknown transport is refused with 400 Transport unknown", async () => {
      for (const q of ["EIO=3", "EIO=3&transport=abc"]) {
        const res = await request(endpoint(server, q));
        assert.deepEqual(res, { status: 400, body: '{"code":0,"message":"Transport unknown"}' }, q);
      }
    });

    test("a handshake sent as POST is refused with 400 Bad handshake method", async () => {
      const res = await request(endpoint(server, query()), { method: "POST" });
      assert.deepEqual(res, { status: 400, body: '{"code":2,"message":"Bad handshake method"}' });
    });
  });

  describe("handshake over WebSocket", () => {
    test("a WebSocket with EIO=3 opens a session whose open packet offers no upgrade", async () => {
      const ws = webSocket(WS);
      const h = await ws.handshake();
      assert.deepEqual(Object.keys(h), HANDSHAKE_KEYS);
      assert.deepEqual(h.upgrades, []);
      assert.equal(h.pingInterval, PING_INTERVAL);
      assert.equal(h.pingTimeout, PING_TIMEOUT);
      ws.send("4x");
      assert.equal(await ws.next(), "4x");
      assert.equal((await server.session(h.sid)).protocol, 3);
    });

    test("a WebSocket with a missing or non-numeric EIO is served as protocol 3, as the reference reads anything but 4", async () => {
      for (const q of ["transport=websocket", "EIO=abc&transport=websocket"]) {
        const ws = webSocket(q);
        const h = await ws.handshake();
        ws.send("4x");
        assert.equal(await ws.next(), "4x");
        assert.equal((await server.session(h.sid)).protocol, 3, q);
        await ws.close();
      }
    });

    test("a WebSocket handshake with a missing or unknown transport is refused with 400 and closed", async () => {
      for (const q of ["EIO=3", "EIO=3&transport=abc"]) {
        const ws = webSocket(q);
        await ws.waitClosed();
        assert.match(String(ws.error?.message), /Unexpected server response: 400/, q);
      }
      assert.equal(await server.clientsCount(), 0);
    });
  });

  describe("messages over long-polling", () => {
    for (const [what, payload] of [
      ["one text packet", "6:4hello"],
      ["several text packets", "6:4test16:4test26:4test3"],
      ["text and base64 binary packets", "6:4hello10:b4AQIDBA=="],
    ]) {
      test(`a POST of ${what} is answered ok, and the next poll brings the echo back as it went`, async () => {
        const sid = await openSession();
        assert.deepEqual(await post(sid, payload), { status: 200, body: "ok" });
        assert.deepEqual(await poll(sid), { status: 200, body: payload });
      });
    }

    test("a client that takes binary gets text and binary packets back as a binary payload", async () => {
      const sid = await openSession({ binary: true });
      assert.deepEqual(await post(sid, "6:4hello10:b4AQIDBA=="), { status: 200, body: "ok" });
      const res = await fetch(endpoint(server, query(sid)));
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "application/octet-stream");
      assert.deepEqual(Buffer.from(await res.arrayBuffer()),
        Buffer.from([0, 6, 255, 52, 104, 101, 108, 108, 111, 1, 5, 255, 4, 1, 2, 3, 4]));
    });

    test("a binary payload POSTed as application/octet-stream is read as such", async () => {
      const sid = await openSession();
      const body = Uint8Array.from([0, 6, 255, 52, 104, 101, 108, 108, 111, 1, 5, 255, 4, 1, 2, 3, 4]);
      const res = await request(endpoint(server, query(sid)),
        { method: "POST", body, headers: { "content-type": "application/octet-stream" } });
      assert.deepEqual(res, { status: 200, body: "ok" });
      assert.deepEqual(await poll(sid), { status: 200, body: "6:4hello10:b4AQIDBA==" });
    });

    test("an undecodable POST ends the session: later polls get 400 Session ID unknown", async () => {
      const sid = await openSession();
      assert.deepEqual(await post(sid, "abc"), { status: 200, body: "ok" });
      assert.equal((await server.sessionClosed(sid)).closeReason, "parse error");
      assert.deepEqual(await poll(sid), { status: 400, body: UNKNOWN_SID });
    });

    test("a second poll while one waits ends the session: the first gets 1:1, the second 400", async () => {
      const sid = await openSession();
      const first = poll(sid);
      await server.session(sid, { until: "pollPending" });
      assert.deepEqual(await poll(sid), { status: 400, body: "" });
      assert.deepEqual(await first, { status: 200, body: "1:1" });
      assert.deepEqual(await poll(sid), { status: 400, body: UNKNOWN_SID });
    });
  });

  describe("messages over WebSocket", () => {
    test("a text frame comes back as it went", async () => {
      const ws = webSocket(WS);
      await ws.handshake();
      ws.send("4hello");
      assert.equal(await ws.next(), "4hello");
    });

    test("a binary frame starting with the message type byte comes back as the same bytes", async () => {
      const ws = webSocket(WS);
      await ws.handshake();
      ws.send(Uint8Array.from([4, 1, 2, 3, 4]));
      assert.deepEqual(await ws.next(), Buffer.from([4, 1, 2, 3, 4]));
    });

    test("with b64 a binary message comes back as a b4 base64 text frame", async () => {
      const ws = webSocket(`${WS}&b64=1`);
      await ws.handshake();
      ws.send("b4AQIDBA==");
      assert.equal(await ws.next(), "b4AQIDBA==");
    });

    test("an undecodable frame ends the session and closes the WebSocket", async () => {
      const ws = webSocket(WS);
      const { sid } = await ws.handshake();
      ws.send("abc");
      await ws.waitClosed();
      assert.equal((await server.sessionClosed(sid)).closeReason, "parse error");
    });
  });

  describe("heartbeat", () => {
    test("over long-polling each ping the client POSTs is answered by a pong on the next poll", async () => {
      const sid = await openSession();
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(await post(sid, "1:2"), { status: 200, body: "ok" }, `ping ${i + 1}`);
        assert.deepEqual(await poll(sid), { status: 200, body: "1:3" }, `pong ${i + 1}`);
      }
      assert.equal((await server.session(sid)).open, true);
    });

    test("over long-polling a client that does not ping for pingInterval + pingTimeout is gone: its ping gets 400", async () => {
      const sid = await openSession();
      const closed = await server.sessionClosed(sid, { timeout: PING_INTERVAL + PING_TIMEOUT + TIMEOUT });
      assert.equal(closed.closeReason, "ping timeout");
      assert.ok(closed.openMs >= PING_INTERVAL + PING_TIMEOUT - 20, `closed after ${closed.openMs} ms`);
      assert.deepEqual(await post(sid, "1:2"), { status: 400, body: UNKNOWN_SID });
    });

    test("over WebSocket each ping is answered by a pong, and the server never pings", async () => {
      const ws = webSocket(WS);
      const { sid } = await ws.handshake();
      for (let i = 0; i < 3; i++) {
        ws.send("2");
        assert.equal(await ws.next(), "3", `pong ${i + 1}`);
      }
      assert.equal((await server.session(sid)).open, true);
    });

    test("over WebSocket a client that does not ping is closed by the server", async () => {
      const ws = webSocket(WS);
      const { sid } = await ws.handshake();
      await ws.waitClosed(PING_INTERVAL + PING_TIMEOUT + TIMEOUT);
      assert.equal((await server.sessionClosed(sid)).closeReason, "ping timeout");
      assert.equal(ws.messages.items.length, 0, "no ping from the server");
    });

    test("a pong from the client breaks the heartbeat direction: transport error", async () => {
      const ws = webSocket(WS);
      const { sid } = await ws.handshake();
      ws.send("3");
      await ws.waitClosed();
      const closed = await server.sessionClosed(sid);
      assert.equal(closed.closeReason, "transport error");
      assert.equal(closed.closeDescription, "invalid heartbeat direction");
    });
  });

  describe("close", () => {
    test("a close packet POSTed while a poll is sent: the poll gets 1:6, then the session is gone", async () => {
      const sid = await openSession();
      const [pollAnswer, postAnswer] = await Promise.all([poll(sid), post(sid, "1:1")]);
      assert.deepEqual(pollAnswer, { status: 200, body: "1:6" });
      assert.deepEqual(postAnswer, { status: 200, body: "ok" });
      assert.equal((await server.sessionClosed(sid)).closeReason, "transport close");
      assert.deepEqual(await poll(sid), { status: 400, body: UNKNOWN_SID });
    });

    test("a close packet over WebSocket is ignored as by the reference: the heartbeat then ends the session", async () => {
      const ws = webSocket(WS);
      const { sid } = await ws.handshake();
      ws.send("1");
      await ws.waitClosed(PING_INTERVAL + PING_TIMEOUT + TIMEOUT);
      assert.equal((await server.sessionClosed(sid)).closeReason, "ping timeout");
    });
  });

  describe("upgrade", () => {
    async function probed() {
      const sid = await openSession();
      const ws = webSocket(`${WS}&sid=${sid}`);
      await ws.waitOpen();
      ws.send("2probe");
      assert.equal(await ws.next(), "3probe");
      return { sid, ws };
    }

    async function upgraded() {
      const p = await probed();
      p.ws.send("5");
      assert.equal((await server.session(p.sid, { until: "upgraded" })).upgradedTo, "websocket");
      return p;
    }

    test("a polling session upgrades: probe answered, the waiting poll gets 1:6, then the WebSocket carries the session", async () => {
      const { sid, ws } = await probed();
      assert.deepEqual(await poll(sid), { status: 200, body: "1:6" });
      ws.send("5");
      ws.send("4hello");
      assert.equal(await ws.next(), "4hello");
    });

    test("after the upgrade a poll with the session's id is refused with 400 Bad request", async () => {
      const { sid, ws } = await upgraded();
      assert.deepEqual(await poll(sid), { status: 400, body: '{"code":3,"message":"Bad request"}' });
      ws.send("4hello");
      assert.equal(await ws.next(), "4hello");
    });

    test("after the upgrade a second WebSocket with the session's id is closed at once", async () => {
      const { sid, ws } = await upgraded();
      const second = webSocket(`${WS}&sid=${sid}`);
      await second.waitClosed();
      ws.send("4hello");
      assert.equal(await ws.next(), "4hello");
    });

    test("a protocol 4 request for a protocol 3 session is refused with 400 Bad request", async () => {
      const sid = await openSession();
      const res = await request(endpoint(server, `EIO=4&transport=polling&sid=${sid}`));
      assert.deepEqual(res, { status: 400, body: '{"code":3,"message":"Bad request"}' });
    });
  });

  describe("JSONP polling", () => {
    test("a handshake with j is answered as a script calling ___eio[j] with the payload", async () => {
      const res = await fetch(endpoint(server, "EIO=3&transport=polling&j=4&b64=1"));
      assert.equal(res.status, 200);
      const body = await res.text();
      const m = /^___eio\[4\]\((".*")\);$/.exec(body);
      assert.ok(m, body);
      const [length, packet] = decodePayload(JSON.parse(m[1]));
      assert.equal(length, String(packet.length));
      const { sid } = JSON.parse(packet.slice(1));
      const posted = await request(endpoint(server, `EIO=3&transport=polling&j=4&sid=${sid}`), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "d=" + encodeURIComponent("5:4a\\nb\u2028"),
      });
      assert.deepEqual(posted, { status: 200, body: "ok" });
      const echoed = await request(endpoint(server, `EIO=3&transport=polling&j=4&sid=${sid}`));
      assert.deepEqual(echoed, { status: 200, body: '___eio[4]("5:4a\\nb\\u2028");' });
    });
  });
});

describe("Engine.IO server without allowEIO3", () => {
  let server;

  before(async () => {
    server = await createEngine({ pingInterval: PING_INTERVAL, pingTimeout: PING_TIMEOUT });
  });

  after(async () => {
    await server?.close();
  });

  test("a protocol 3 handshake is refused with 400 Unsupported protocol version, over polling and WebSocket", async () => {
    const res = await request(endpoint(server, query()));
    assert.deepEqual(res, { status: 400, body: '{"code":5,"message":"Unsupported protocol version"}' });
    const ws = RawWebSocket.to(server, WS);
    await ws.waitClosed();
    assert.match(String(ws.error?.message), /Unexpected server response: 400/);
    assert.equal(await server.clientsCount(), 0);
  });
});
