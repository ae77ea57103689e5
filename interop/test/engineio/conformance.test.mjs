// The Engine.IO v4 protocol on the wire, with raw HTTP requests and a raw WebSocket (no
// Engine.IO client in between), against the two servers the official protocol test suites are
// written for: an Engine.IO echo server on /engine.io/ and a Socket.IO server on /socket.io/, both
// with pingInterval 300 ms and pingTimeout 200 ms. docs/CONFORMANCE.md maps each official case to
// the test here (or elsewhere) that covers it.

import { describe, test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../fixture.mjs";
import { createSocketIo } from "../socketio/support.mjs";
import { TIMEOUT } from "./support.mjs";
import { RawWebSocket, endpoint, pollingQuery, request, openPollingSession, poll, post } from "../raw.mjs";

const PING_INTERVAL = 300;
const PING_TIMEOUT = 200;
const OPTIONS = { pingInterval: PING_INTERVAL, pingTimeout: PING_TIMEOUT, cors: { origin: "*" } };
const HANDSHAKE_KEYS = ["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"];
const UNKNOWN_SID = '{"code":1,"message":"Session ID unknown"}';
const WS = "EIO=4&transport=websocket";

const SERVERS = [
  { name: "Engine.IO echo server", create: () => createEngine(OPTIONS), echoes: true },
  { name: "Socket.IO server", create: () => createSocketIo("conformance", OPTIONS), echoes: false },
];

for (const target of SERVERS) {
  describe(target.name, () => {
    let server;
    let sockets = [];

    /** A raw WebSocket to the server, closed after the test. */
    function webSocket(query) {
      const ws = RawWebSocket.to(server, query);
      sockets.push(ws);
      return ws;
    }

    before(async () => {
      server = await target.create();
    });

    afterEach(async () => {
      for (const ws of sockets) await ws.close();
      sockets = [];
      // Raw polling clients leave their sessions open (the heartbeat would end them soon): the
      // server closes them and a last poll takes the close packet, so the next test starts from none.
      for (const sid of (await server.clients()).sids) {
        await server.closeSession(sid).catch((e) => assert.match(e.message, /404: no open session/));
        await poll(server, sid);
      }
      assert.equal(await server.clientsCount({ equals: 0 }), 0, "no session left open after the test");
    });

    after(async () => {
      await server?.close();
    });

    describe("handshake over long-polling", () => {
      test("a GET without sid opens a session: 200 and an open packet with exactly the five handshake keys", async () => {
        const { status, body } = await request(endpoint(server, pollingQuery()));
        assert.equal(status, 200);
        assert.ok(body.startsWith("0"), body);
        const h = JSON.parse(body.slice(1));
        assert.deepEqual(Object.keys(h), HANDSHAKE_KEYS);
        assert.equal(typeof h.sid, "string");
        assert.deepEqual(h.upgrades, ["websocket"]);
        assert.equal(h.pingInterval, PING_INTERVAL);
        assert.equal(h.pingTimeout, PING_TIMEOUT);
        assert.equal(h.maxPayload, 1000000);
      });

      test("a missing or non-numeric EIO is refused with 400 Unsupported protocol version", async () => {
        for (const query of ["transport=polling", "EIO=abc&transport=polling"]) {
          const res = await request(endpoint(server, query));
          assert.deepEqual(res, { status: 400, body: '{"code":5,"message":"Unsupported protocol version"}' }, query);
        }
      });

      test("a missing or unknown transport is refused with 400 Transport unknown", async () => {
        for (const query of ["EIO=4", "EIO=4&transport=abc"]) {
          const res = await request(endpoint(server, query));
          assert.deepEqual(res, { status: 400, body: '{"code":0,"message":"Transport unknown"}' }, query);
        }
      });

      test("a handshake sent as POST or PUT is refused with 400 Bad handshake method", async () => {
        for (const method of ["POST", "PUT"]) {
          const res = await request(endpoint(server, pollingQuery()), { method });
          assert.deepEqual(res, { status: 400, body: '{"code":2,"message":"Bad handshake method"}' }, method);
        }
      });
    });

    describe("handshake over WebSocket", () => {
      test("a WebSocket without sid opens a session whose open packet offers no upgrade", async () => {
        const ws = webSocket(WS);
        const h = await ws.handshake();
        assert.deepEqual(Object.keys(h), HANDSHAKE_KEYS);
        assert.equal(typeof h.sid, "string");
        assert.deepEqual(h.upgrades, []);
        assert.equal(h.pingInterval, PING_INTERVAL);
        assert.equal(h.pingTimeout, PING_TIMEOUT);
        assert.equal(h.maxPayload, 1000000);
      });

      for (const [what, queries] of [
        ["a missing or non-numeric EIO", ["transport=websocket", "EIO=abc&transport=websocket"]],
        ["a missing or unknown transport", ["EIO=4", "EIO=4&transport=abc"]],
      ]) {
        test(`a WebSocket handshake with ${what} is refused with 400 and closed`, async () => {
          for (const query of queries) {
            const ws = webSocket(query);
            await ws.waitClosed();
            assert.match(String(ws.error?.message), /Unexpected server response: 400/, query);
          }
          assert.equal(await server.clientsCount(), 0);
        });
      }
    });

    if (target.echoes) {
      describe("messages over long-polling", () => {
        for (const [what, payload] of [
          ["one text packet", "4hello"],
          ["several text packets", "4test1\x1e4test2\x1e4test3"],
          ["text and binary packets", "4hello\x1ebAQIDBA=="],
        ]) {
          test(`a POST of ${what} is answered ok, and the next poll brings the echo back as it went`, async () => {
            const { sid } = await openPollingSession(server);
            assert.deepEqual(await post(server, sid, payload), { status: 200, body: "ok" });
            assert.deepEqual(await poll(server, sid), { status: 200, body: payload });
          });
        }

        test("an undecodable POST ends the session: later polls get 400 Session ID unknown", async () => {
          const { sid } = await openPollingSession(server);
          // Node answers the POST itself ok too, having handled the packets before the bad one.
          assert.deepEqual(await post(server, sid, "abc"), { status: 200, body: "ok" });
          assert.equal((await server.sessionClosed(sid)).closeReason, "parse error");
          assert.deepEqual(await poll(server, sid), { status: 400, body: UNKNOWN_SID });
        });

        test("a second poll while one waits ends the session: the first gets the close packet, the second 400", async () => {
          const { sid } = await openPollingSession(server);
          const first = poll(server, sid);
          await server.session(sid, { until: "pollPending" });
          const second = await poll(server, sid);
          assert.deepEqual(second, { status: 400, body: "" });
          assert.deepEqual(await first, { status: 200, body: "1" });
          assert.equal((await server.sessionClosed(sid)).closeReason, "transport error");
          assert.deepEqual(await poll(server, sid), { status: 400, body: UNKNOWN_SID });
        });

        test("a poll whose client goes away ends the session: the next poll gets 400", async () => {
          const { sid } = await openPollingSession(server);
          const abort = new AbortController();
          const abandoned = poll(server, sid, { signal: abort.signal }).catch((e) => e);
          await server.session(sid, { until: "pollPending" });
          abort.abort();
          assert.equal((await abandoned).name, "AbortError");
          const closed = await server.sessionClosed(sid);
          if (server.binding === "netty") {
            assert.equal(closed.closeReason, "transport error");
            assert.equal(closed.closeDescription, "poll connection closed prematurely");
          } else {
            // A servlet container tells an asynchronous request nothing of its connection closing
            // while no read or write is under way (docs/GUIDE.md, "Servlet containers"): the
            // heartbeat ends the session instead, a pingInterval + pingTimeout later.
            assert.equal(closed.closeReason, "ping timeout");
          }
          assert.deepEqual(await poll(server, sid), { status: 400, body: UNKNOWN_SID });
        });
      });

      describe("messages over WebSocket", () => {
        test("a text frame comes back as it went", async () => {
          const ws = webSocket(WS);
          await ws.handshake();
          ws.send("4hello");
          assert.equal(await ws.next({ skipPings: true }), "4hello");
        });

        test("a binary frame comes back as a binary frame with the same bytes", async () => {
          const ws = webSocket(WS);
          await ws.handshake();
          ws.send(Uint8Array.from([1, 2, 3, 4]));
          assert.deepEqual(await ws.next({ skipPings: true }), Buffer.from([1, 2, 3, 4]));
        });

        test("an undecodable frame ends the session and closes the WebSocket", async () => {
          const ws = webSocket(WS);
          const { sid } = await ws.handshake();
          ws.send("abc");
          await ws.waitClosed();
          assert.equal((await server.sessionClosed(sid)).closeReason, "parse error");
        });
      });
    }

    describe("heartbeat", () => {
      test("over long-polling the server pings every pingInterval and each pong keeps the session", async () => {
        const { sid } = await openPollingSession(server);
        for (let i = 0; i < 3; i++) {
          assert.deepEqual(await poll(server, sid), { status: 200, body: "2" }, `ping ${i + 1}`);
          assert.deepEqual(await post(server, sid, "3"), { status: 200, body: "ok" }, `pong ${i + 1}`);
        }
        assert.equal((await server.session(sid)).open, true);
      });

      test("over long-polling a session that does not answer the ping ends: a poll then gets 400", async () => {
        const { sid } = await openPollingSession(server);
        const closed = await server.sessionClosed(sid, { timeout: PING_INTERVAL + PING_TIMEOUT + TIMEOUT });
        // When: heartbeat.test.mjs measures it; the fixture's clock for a session starts late on a busy machine.
        assert.equal(closed.closeReason, "ping timeout");
        assert.deepEqual(await poll(server, sid), { status: 400, body: UNKNOWN_SID });
      });

      test("over WebSocket the server pings every pingInterval and each pong keeps the session", async () => {
        const ws = webSocket(WS);
        const { sid } = await ws.handshake();
        for (let i = 0; i < 3; i++) {
          assert.equal(await ws.next(), "2", `ping ${i + 1}`);
          ws.send("3");
        }
        assert.equal((await server.session(sid)).open, true);
      });

      test("over WebSocket a client that does not answer the ping is closed by the server", async () => {
        const ws = webSocket(WS);
        const { sid } = await ws.handshake();
        await ws.waitClosed(PING_INTERVAL + PING_TIMEOUT + TIMEOUT);
        assert.equal((await server.sessionClosed(sid)).closeReason, "ping timeout");
      });
    });

    describe("close", () => {
      test("a close packet POSTed while a poll is sent: the poll gets a noop, then the session is gone", async () => {
        const { sid } = await openPollingSession(server);
        // Both at once, each on its own connection, as a client closing during a poll sends them.
        const [pollAnswer, postAnswer] = await Promise.all([poll(server, sid), post(server, sid, "1")]);
        assert.deepEqual(pollAnswer, { status: 200, body: "6" });
        assert.deepEqual(postAnswer, { status: 200, body: "ok" });
        assert.equal((await server.sessionClosed(sid)).closeReason, "transport close");
        assert.deepEqual(await poll(server, sid), { status: 400, body: UNKNOWN_SID });
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
      /** A polling session probing a WebSocket: sid and the WebSocket, after 2probe/3probe. */
      async function probed() {
        const { sid } = await openPollingSession(server);
        const ws = webSocket(`${WS}&sid=${sid}`);
        await ws.waitOpen();
        ws.send("2probe");
        assert.equal(await ws.next(), "3probe");
        return { sid, ws };
      }

      /** Sends the upgrade packet and waits for the server to have switched. */
      async function upgraded() {
        const p = await probed();
        p.ws.send("5");
        const s = await server.session(p.sid, { until: "upgraded" });
        assert.equal(s.upgradedTo, "websocket");
        return p;
      }

      test("a polling session upgrades: probe answered, the waiting poll gets a noop, then the WebSocket carries the session", async () => {
        const { sid, ws } = await probed();
        assert.deepEqual(await poll(server, sid), { status: 200, body: "6" });
        ws.send("5");
        if (target.echoes) {
          ws.send("4hello");
          assert.equal(await ws.next({ skipPings: true }), "4hello");
        }
        assert.equal((await server.session(sid, { until: "upgraded" })).upgradedTo, "websocket");
      });

      test("after the upgrade a poll with the session's id is refused with 400 Bad request", async () => {
        const { sid, ws } = await upgraded();
        assert.deepEqual(await poll(server, sid), { status: 400, body: '{"code":3,"message":"Bad request"}' });
        if (target.echoes) {
          ws.send("4hello");
          assert.equal(await ws.next({ skipPings: true }), "4hello");
        }
        assert.equal((await server.session(sid)).open, true);
      });

      test("after the upgrade a second WebSocket with the session's id is closed at once", async () => {
        const { sid, ws } = await upgraded();
        const second = webSocket(`${WS}&sid=${sid}`);
        await second.waitClosed();
        if (target.echoes) {
          ws.send("4hello");
          assert.equal(await ws.next({ skipPings: true }), "4hello");
        }
        assert.equal((await server.session(sid)).open, true);
      });
    });
  });
}

// A client closing during a poll sends both requests at once, on two connections that the
// server may read on two event loops: the poll must be answered the same every time.
describe("a close POSTed while a poll is sent, many times over", () => {
  let server;

  before(async () => {
    // The default heartbeat: a ping due during a slow iteration must not take the poll's place.
    server = await createEngine();
  });

  after(async () => {
    await server?.close();
  });

  test("the poll always gets the noop", async () => {
    const outcomes = {};
    for (let i = 0; i < 40; i++) {
      const { sid } = await openPollingSession(server);
      const [pollAnswer] = await Promise.all([poll(server, sid), post(server, sid, "1")]);
      const key = `${pollAnswer.status} ${pollAnswer.body}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
    }
    assert.deepEqual(outcomes, { "200 6": 40 });
    assert.equal(await server.clientsCount({ equals: 0 }), 0);
  });
});
