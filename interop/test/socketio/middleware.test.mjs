// Middlewares with socket.io-client 4.8 and the Java server (scenario "middleware"): io.use on /
// (a ConnectException with data, a plain exception without), middlewares run in order before
// the connection with the socket not yet connected, data and rooms set there; an asynchronous
// namespace middleware; one that throws; a CONNECT_ERROR leaving the connection open; and
// per-socket event middlewares (socket.use) refusing an event: the socket's error listener gets
// it, the event's handler never runs, onAny still sees it (as in the reference).
//
// Parsers: json, msgpack

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  TRANSPORTS, connect, socketOn, connected, managerOn, connectVia, refused, scenarioSuite,
} from "./support.mjs";

const suite = scenarioSuite("middleware");

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    function socket(nsp, opts = {}) {
      const s = socketOn(suite.server, nsp, { ...t.options, ...opts });
      suite.sockets.push(s);
      return s;
    }

    test("next(ConnectException with data): connect_error with message and data", async () => {
      const s = socket("/");
      const err = await refused(s);
      assert.equal(err.message, "not authorized");
      assert.deepEqual(err.data, { code: 401, reason: "no token" });
      await s.wire.waitFor((m) => m === '44{"message":"not authorized","data":{"code":401,"reason":"no token"}}');
      assert.equal(s.connected, false);
    });

    test("a plain exception: connect_error with its message and no data member", async () => {
      const s = socket("/", { auth: { token: "wrong" } });
      const err = await refused(s);
      assert.equal(err.message, "bad token");
      assert.equal(err.data, undefined);
      await s.wire.waitFor((m) => m === '44{"message":"bad token"}');
    });

    test("middlewares run in order before the connection, on a socket not yet connected", async () => {
      const s = socket("/", { auth: { token: "secret" } });
      await connected(s);
      await suite.server.logged({ type: "connection", id: s.id });
      const entries = (await suite.server.log()).filter((e) => e.id === s.id && ["middleware", "connection"].includes(e.type));
      assert.deepEqual(entries.map((e) => e.type + (e.step ?? "")), ["middleware1", "middleware2", "connection"]);
      for (const m of entries.slice(0, 2)) {
        assert.equal(m.connected, false, "not connected during the middlewares");
        assert.equal(m.listed, false, "not in nsp.sockets during the middlewares");
      }
      // Joined before the socket's own room (joined on connection), so first, as in the reference.
      assert.deepEqual(entries[2].rooms, ["members", s.id], "the room joined in a middleware is kept");
      const [found] = await suite.server.fetchSockets({ to: [s.id] });
      assert.deepEqual(found.data, { user: "alice", level: 3 }, "data set in a middleware");
    });

    test("after a refusal the client can retry with other credentials", async () => {
      const s = socket("/");
      await refused(s);
      s.auth = { token: "secret" };
      s.connect();
      await connected(s);
      assert.equal(await s.emitWithAck("ack", "in"), "in");
    });

    test("a refused CONNECT leaves the connection open for other namespaces", async () => {
      // The client's Manager closes a connection left with no active socket, so one stays on it.
      const manager = managerOn(suite.server, t.options);
      const open = await connectVia(manager, "/open");
      suite.sockets.push(open);
      const engineId = manager.engine.id;
      const root = manager.socket("/");
      suite.sockets.push(root);
      assert.equal((await refused(root)).message, "not authorized");
      assert.equal(await open.emitWithAck("ack", "open"), "open", "io.use guards / only");
      assert.equal(manager.engine.id, engineId, "the same connection");
      assert.equal((await suite.server.session(engineId)).open, true);
      assert.equal(await suite.server.clientsCount(), 1);
    });

    test("an asynchronous namespace middleware: next() from another thread later", async () => {
      const s = socket("/async");
      await connected(s);
      assert.equal((await s.emitWithAck("handshake")).nsp, "/async");
      const denied = socket("/async", { auth: { deny: true } });
      const err = await refused(denied);
      assert.equal(err.message, "denied later");
      assert.deepEqual(err.data, { later: true });
    });

    test("a middleware that throws refuses with the exception's message", async () => {
      const s = socket("/throwing");
      const err = await refused(s);
      assert.equal(err.message, "middleware threw");
      assert.equal(err.data, undefined);
      await s.wire.waitFor((m) => m === '44/throwing,{"message":"middleware threw"}');
    });

    test("socket.use refusing an event: error listener, no handler, onAny still sees it, the socket carries on", async () => {
      const s = await connect(suite.server, "/open", t.options);
      suite.sockets.push(s);
      s.emit("forbidden", 1, "x");
      const error = await suite.server.logged({ type: "error", id: s.id });
      assert.equal(error.message, "forbidden event");
      // Events of one socket are handled in order: once this answer is back, "forbidden" is done.
      assert.equal(await s.emitWithAck("ack", "after"), "after");
      const log = (await suite.server.log()).filter((e) => e.id === s.id);
      assert.ok(!log.some((e) => e.type === "forbidden-dispatched"), "the refused event's handler did not run");
      assert.deepEqual(log.filter((e) => e.type === "any").map((e) => [e.event, e.args]), [
        ["forbidden", [1, "x"]], ["ack", ["after"]],
      ]);
      assert.ok(s.connected, "nothing is sent to the client for a refused event");
    });

    test("socket.use refusing an event that asked for an ack: the ack never comes", async () => {
      const s = await connect(suite.server, "/open", t.options);
      suite.sockets.push(s);
      await assert.rejects(s.timeout(300).emitWithAck("forbidden"), { message: "operation has timed out" });
      await suite.server.logged({ type: "error", id: s.id });
    });
  });
}
