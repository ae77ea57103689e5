// socket.io-client 2.5.0 (Socket.IO protocol 4 over Engine.IO 3, what web apps of the 2.x era
// ship) against the Java server with allowEIO3 (scenario "main"), over long-polling, WebSocket
// and the upgrade: the implicit connection to "/", namespaces with a query as auth, events,
// binary both ways (binary polling payloads, binary WebSocket frames with the type byte), acks
// both ways, rooms and broadcasts that reach v2 and v4 (socket.io-client 4.8) clients alike, and
// disconnections from either side.

import { describe, test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import ioV2 from "socket.io-client-v2";
import { connect as connectV4, nextEvent, scenarioSuite, Inbox, TIMEOUT } from "../socketio/support.mjs";

const suite = scenarioSuite("main", { allowEIO3: true });

const TRANSPORTS = [
  { name: "polling", options: { transports: ["polling"] }, final: "polling" },
  { name: "websocket", options: { transports: ["websocket"] }, final: "websocket" },
  { name: "polling+upgrade", options: {}, final: "websocket" },
];

/** Emits with a callback and resolves with the callback's arguments. */
function ask(socket, event, ...args) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for ${event} within ${TIMEOUT} ms`)), TIMEOUT);
    socket.emit(event, ...args, (...answer) => {
      clearTimeout(timer);
      resolve(answer);
    });
  });
}

/** Resolves once the v2 client's engine runs on `name`. */
async function onTransport(socket, name) {
  const engine = socket.io.engine;
  if (engine.transport.name === name) return;
  const [transport] = await nextEvent(engine, "upgrade", { failOn: ["upgradeError", "close"] });
  assert.equal(transport.name, name);
}

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    /** A connected v2 socket on `nsp` (a fresh connection each time). */
    async function v2(nsp = "/", opts = {}) {
      const s = ioV2(suite.server.url + nsp, { forceNew: true, reconnection: false, ...t.options, ...opts });
      suite.sockets.push(s);
      await nextEvent(s, "connect", { failOn: ["error", "connect_error"] });
      return s;
    }

    test("a v2 client is in / as soon as its connection opens, with the Engine.IO id as socket id", async () => {
      const s = await v2();
      assert.equal(s.id, s.io.engine.id);
      const entry = await suite.server.logged({ type: "connection", id: s.id });
      assert.equal(entry.nsp, "/");
      assert.equal(entry.engineId, s.io.engine.id);
      const [info] = await ask(s, "handshake");
      assert.equal(info.id, s.id);
      assert.equal(info.handshake.query.EIO, "3");
      await onTransport(s, t.final);
    });

    test("a namespace is joined with its query as auth, and its socket id is <nsp>#<engine id>", async () => {
      const s = await v2("/admin", { query: { token: "abc", n: "1" } });
      const entry = await suite.server.logged({ type: "connection", nsp: "/admin" , id: `/admin#${s.io.engine.id}` });
      assert.deepEqual(entry.auth, { token: "abc", n: "1" });
      assert.equal(s.id, `/admin#${s.io.engine.id}`);
      const [rooms] = await ask(s, "rooms");
      assert.deepEqual(rooms, [s.id]);
    });

    test("events go both ways with JSON values intact", async () => {
      const s = await v2();
      const echoed = nextEvent(s, "echo");
      s.emit("echo", "héllo ✓ 🎉", 42, { a: [1, null, true] });
      assert.deepEqual(await echoed, ["héllo ✓ 🎉", 42, { a: [1, null, true] }]);
      const shout = nextEvent(s, "shout");
      s.emit("shout", "quiet");
      assert.deepEqual(await shout, ["QUIET"]);
      await onTransport(s, t.final);
    });

    test("binary goes both ways: Buffers in, Buffers out, nested and in order", async () => {
      const s = await v2();
      const data = Buffer.from([0, 1, 2, 253, 254, 255]);
      const [a, b] = await ask(s, "ack", data, { nested: [Buffer.from("xyz"), 7] });
      assert.deepEqual(a, data);
      assert.deepEqual(b, { nested: [Buffer.from("xyz"), 7] });
      const fromServer = nextEvent(s, "server-binary");
      s.emit("server-binary");
      const [bytes, blob] = await fromServer;
      assert.deepEqual(bytes, Buffer.from([1, 2, 3]));
      assert.deepEqual(blob.data, Buffer.from([4, 5]));
      assert.deepEqual(blob.parts, [Buffer.from([6]), Buffer.alloc(0)]);
    });

    test("acks both ways: the client's callback gets the server's answer, and the server gets the client's", async () => {
      const s = await v2();
      assert.deepEqual(await ask(s, "ack", 1, "two", { three: [3] }), [1, "two", { three: [3] }]);
      assert.deepEqual(await ask(s, "ack-later", { late: true }), [{ late: true }]);
      s.on("question", (n, word, cb) => cb(n * 2, word.toUpperCase()));
      const res = await suite.server.emit({ socket: s.id, event: "question", args: [21, "why"], ack: true, timeout: 5000 });
      assert.deepEqual(res, { ack: [42, "WHY"] });
      s.on("bin-question", (buf, cb) => cb(Buffer.concat([buf, buf])));
      const bin = await suite.server.emit({ socket: s.id, event: "bin-question", args: [Buffer.from([9, 8])], ack: true, timeout: 5000 });
      assert.deepEqual(bin, { ack: [Buffer.from([9, 8, 9, 8])] });
      await onTransport(s, t.final);
    });

    describe("with v4 clients", () => {
      let old;
      let current;

      beforeEach(async () => {
        old = await v2();
        current = await connectV4(suite.server, "/", t.options);
        suite.sockets.push(current);
        assert.deepEqual((await ask(old, "join", "mixed"))[0], [old.id, "mixed"]);
        assert.deepEqual(await current.emitWithAck("join", "mixed"), [current.id, "mixed"]);
      });

      test("a broadcast to a room reaches the v2 and the v4 member alike", async () => {
        const a = nextEvent(old, "news");
        const b = nextEvent(current, "news");
        await suite.server.emit({ to: ["mixed"], event: "news", args: ["both", Buffer.from([1, 2])] });
        assert.deepEqual(await a, ["both", Buffer.from([1, 2])]);
        assert.deepEqual(await b, ["both", Buffer.from([1, 2])]);
      });

      test("socket.broadcast from the v4 client reaches the v2 one, and from the v2 one the v4 one", async () => {
        const inV2 = new Inbox(old, "news");
        const inV4 = new Inbox(current, "news");
        await suite.server.emit({ from: current.id, to: ["mixed"], event: "news", args: ["from v4"] });
        await suite.server.emit({ from: old.id, to: ["mixed"], event: "news", args: ["from v2"] });
        assert.deepEqual(await inV2.next(), ["from v4"]);
        assert.deepEqual(await inV4.next(), ["from v2"]);
      });

      test("a broadcast with acks collects the answers of both revisions", async () => {
        old.on("poll", (cb) => cb("v2"));
        current.on("poll", (cb) => cb("v4"));
        const res = await suite.server.emit({ to: ["mixed"], event: "poll", ack: true, timeout: 5000 });
        assert.deepEqual(res.responses.sort(), ["v2", "v4"]);
      });

      test("fetchSockets lists both, each with its room", async () => {
        const sockets = await suite.server.fetchSockets({ to: ["mixed"] });
        assert.deepEqual(sockets.map((s) => s.id).sort(), [old.id, current.id].sort());
      });
    });

    test("socket.disconnect() on the v2 client: client namespace disconnect on the server", async () => {
      const s = await v2();
      const id = s.id;
      s.disconnect();
      assert.equal((await suite.server.logged({ type: "disconnect", id })).reason, "client namespace disconnect");
    });

    test("socket.disconnect() on the server: the v2 client learns io server disconnect", async () => {
      const s = await v2();
      const id = s.id;
      const gone = nextEvent(s, "disconnect");
      await suite.server.disconnectSocket({ id });
      assert.equal((await gone)[0], "io server disconnect");
      assert.equal((await suite.server.logged({ type: "disconnect", id })).reason, "server namespace disconnect");
    });

    test("leaving a namespace keeps the connection and the other namespace", async () => {
      const root = await v2();
      const admin = root.io.socket("/admin");
      suite.sockets.push(admin);
      await nextEvent(admin, "connect", { failOn: ["error"] });
      admin.disconnect();
      const adminId = `/admin#${root.io.engine.id}`;
      assert.equal((await suite.server.logged({ type: "disconnect", id: adminId })).reason, "client namespace disconnect");
      assert.deepEqual(await ask(root, "ack", "still"), ["still"]);
    });
  });
}
