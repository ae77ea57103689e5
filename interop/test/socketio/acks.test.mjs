// Acknowledgements between socket.io-client 4.8 and the Java server (scenario "main"): client →
// server with a callback and emitWithAck, answers sent later from another thread, answered once
// only; server → client emitWithAck, its timeout ("operation has timed out"), and the client's
// own timeout when the server never answers.
//
// Parsers: json, msgpack

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  TRANSPORTS, connect, Inbox, onTransport, since, scenarioSuite,
} from "./support.mjs";

const suite = scenarioSuite("main");

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    async function client(nsp = "/") {
      const c = await connect(suite.server, nsp, t.options);
      suite.sockets.push(c);
      return c;
    }

    test("client → server with a callback: the handler's answer reaches the callback as 43<id>[...]", async () => {
      const s = await client();
      const args = await new Promise((resolve) => s.emit("ack", 1, "two", { three: [3] }, (...a) => resolve(a)));
      assert.deepEqual(args, [1, "two", { three: [3] }]);
      const sent = s.wire.sent.find((m) => typeof m === "string" && m.startsWith("42") && m.includes('"ack"'));
      const id = /^42(\d+)\[/.exec(sent)[1];
      await s.wire.waitFor((m) => m === `43${id}[1,"two",{"three":[3]}]`);
    });

    test("client emitWithAck resolves with the first argument; an answer without arguments is 43<id>[]", async () => {
      const s = await client();
      assert.equal(await s.emitWithAck("ack", "x", "y"), "x");
      const none = await new Promise((resolve) => s.emit("ack", (...a) => resolve(a)));
      assert.deepEqual(none, []);
      await s.wire.waitFor(/^43\d+\[\]$/);
    });

    test("an answer sent 50 ms later from another thread still reaches the callback", async () => {
      const s = await client();
      const start = performance.now();
      assert.deepEqual(await s.emitWithAck("ack-later", { late: true }), { late: true });
      assert.ok(since(start) >= 40, "answered after the handler returned");
    });

    test("a handler that answers twice sends one ACK only", async () => {
      const s = await client();
      assert.equal(await s.emitWithAck("ack-twice"), "first");
      // A marker event after the answers: everything the server sent before it has arrived.
      const inbox = new Inbox(s, "echo");
      s.emit("echo", "marker");
      await inbox.next();
      const acks = s.wire.texts().filter((m) => /^43\d+/.test(m));
      assert.deepEqual(acks.map((m) => m.replace(/^43\d+/, "")), ['["first"]']);
    });

    test("acks in a namespace carry its name: 43/admin,<id>[...]", async () => {
      const admin = await client("/admin");
      assert.deepEqual(await admin.emitWithAck("ack", "a"), "a");
      await admin.wire.waitFor(/^43\/admin,\d+\["a"\]$/);
    });

    test("the client's timeout fires when no handler answers: operation has timed out", async () => {
      const s = await client();
      const start = performance.now();
      const err = await new Promise((resolve) => s.timeout(300).emit("nobody-listens", 1, (e) => resolve(e)));
      assert.ok(err instanceof Error);
      assert.equal(err.message, "operation has timed out");
      assert.ok(since(start) >= 290);
      await assert.rejects(s.timeout(100).emitWithAck("nobody-listens"), { message: "operation has timed out" });
    });

    test("server → client emitWithAck: the client's callback arguments come back", async () => {
      const s = await client();
      s.on("question", (n, word, cb) => cb(n * 2, word.toUpperCase(), { ok: true }));
      const res = await suite.server.emit({ socket: s.id, event: "question", args: [21, "why"], ack: true, timeout: 5000 });
      assert.deepEqual(res, { ack: [42, "WHY", { ok: true }] });
      await s.wire.waitFor(/^42\d+\["question",21,"why"\]$/);
      assert.ok(s.wire.sent.some((m) => /^43\d+\[42,"WHY",\{"ok":true\}\]$/.test(m)));
    });

    test("server → client emitWithAck answered later by an async client handler", async () => {
      const s = await client();
      s.on("slow-question", async (cb) => {
        await new Promise((r) => setTimeout(r, 50));
        cb("done");
      });
      assert.deepEqual(await suite.server.emit({ socket: s.id, event: "slow-question", ack: true, timeout: 5000 }), { ack: ["done"] });
    });

    test("server → client emitWithAck times out with operation has timed out when the client does not answer", async () => {
      const s = await client();
      const start = performance.now();
      const res = await suite.server.emit({ socket: s.id, event: "unanswered", args: [1], ack: true, timeout: 300 });
      assert.equal(res.error, "operation has timed out");
      assert.equal(res.errorType, "AckTimeoutException");
      assert.ok(since(start) >= 290, `timed out after ${since(start)} ms`);
      // A late answer to the expired id is ignored, and the socket carries on.
      assert.equal(await s.emitWithAck("ack", "still here"), "still here");
    });

    test("many concurrent acks in both directions are matched to their callers", async () => {
      const s = await client();
      s.on("square", (n, cb) => cb(n * n));
      const clientSide = Array.from({ length: 50 }, (_, i) => s.emitWithAck("ack", i));
      const serverSide = Array.from({ length: 20 }, (_, i) =>
        suite.server.emit({ socket: s.id, event: "square", args: [i], ack: true, timeout: 10_000 }));
      assert.deepEqual(await Promise.all(clientSide), Array.from({ length: 50 }, (_, i) => i));
      assert.deepEqual((await Promise.all(serverSide)).map((r) => r.ack[0]), Array.from({ length: 20 }, (_, i) => i * i));
      await onTransport(s, t.final);
    });
  });
}
