// Broadcasts that collect acknowledgements (io.timeout(ms).emitWithAck) from socket.io-client
// 4.8 clients on the Java server (scenario "main"): one response per targeted client, rooms and
// socket.broadcast narrowing the target, binary responses, no target at all, and the timeout
// error "operation has timed out" carrying the responses that did arrive.
//
// Parsers: json, msgpack

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  TRANSPORTS, connect, since, scenarioSuite,
} from "./support.mjs";

const suite = scenarioSuite("main");

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    async function client(name, { answer = true, room } = {}) {
      const c = await connect(suite.server, "/", t.options);
      suite.sockets.push(c);
      if (answer) c.on("poll", (question, cb) => cb({ name, answer: `${name}:${question}` }));
      if (room) await c.emitWithAck("join", room);
      return c;
    }

    const byName = (responses) => [...responses].sort((x, y) => x.name.localeCompare(y.name));

    test("every client's first ack argument comes back, one response per client", async () => {
      await Promise.all([client("a"), client("b"), client("c")]);
      const res = await suite.server.emit({ event: "poll", args: ["q1"], ack: true, timeout: 5000 });
      assert.equal(res.error, undefined, JSON.stringify(res));
      assert.deepEqual(byName(res.responses), [
        { name: "a", answer: "a:q1" }, { name: "b", answer: "b:q1" }, { name: "c", answer: "c:q1" },
      ]);
    });

    test("to(room) and socket.broadcast narrow who is asked", async () => {
      const a = await client("a", { room: "r" });
      await client("b", { room: "r" });
      await client("c");
      const inRoom = await suite.server.emit({ to: ["r"], event: "poll", args: ["q2"], ack: true, timeout: 5000 });
      assert.deepEqual(byName(inRoom.responses).map((r) => r.name), ["a", "b"]);
      const others = await suite.server.emit({ from: a.id, event: "poll", args: ["q3"], ack: true, timeout: 5000 });
      assert.deepEqual(byName(others.responses).map((r) => r.name), ["b", "c"]);
    });

    test("responses may be binary", async () => {
      const a = await connect(suite.server, "/", t.options);
      const b = await connect(suite.server, "/", t.options);
      suite.sockets.push(a, b);
      a.on("bin", (cb) => cb(Buffer.from("from a")));
      b.on("bin", (cb) => cb(Buffer.from([0, 1, 2])));
      const res = await suite.server.emit({ event: "bin", ack: true, timeout: 5000 });
      const sorted = [...res.responses].sort(Buffer.compare);
      assert.deepEqual(sorted, [Buffer.from([0, 1, 2]), Buffer.from("from a")].sort(Buffer.compare));
    });

    test("no targeted client: an empty list at once, no error", async () => {
      await client("a");
      const start = performance.now();
      const res = await suite.server.emit({ to: ["empty-room"], event: "poll", args: ["q"], ack: true, timeout: 3000 });
      assert.deepEqual(res, { responses: [] });
      assert.ok(since(start) < 2500, `answered in ${since(start)} ms, before the timeout`);
    });

    test("a client that never answers: operation has timed out, with the responses that came", async () => {
      await Promise.all([client("a"), client("b"), client("silent", { answer: false })]);
      const start = performance.now();
      const res = await suite.server.emit({ event: "poll", args: ["q4"], ack: true, timeout: 400 });
      assert.equal(res.error, "operation has timed out");
      assert.equal(res.errorType, "AckTimeoutException");
      assert.deepEqual(byName(res.responses).map((r) => r.name), ["a", "b"]);
      assert.ok(since(start) >= 390, `timed out after ${since(start)} ms`);
    });

    test("a client that leaves before answering: the timeout error with the other responses", async () => {
      await client("a");
      const leaver = await connect(suite.server, "/", t.options);
      suite.sockets.push(leaver);
      leaver.on("poll", () => leaver.disconnect());
      const start = performance.now();
      const res = await suite.server.emit({ event: "poll", args: ["q6"], ack: true, timeout: 500 });
      assert.equal(res.error, "operation has timed out");
      assert.deepEqual(res.responses.map((r) => r.name), ["a"]);
      assert.ok(since(start) >= 490, `timed out after ${since(start)} ms`);
    });

    test("a client answering late (after the timeout) is not counted", async () => {
      const a = await client("a");
      const slow = await connect(suite.server, "/", t.options);
      suite.sockets.push(slow);
      slow.on("poll", (q, cb) => setTimeout(() => cb({ name: "slow", answer: q }), 600));
      const res = await suite.server.emit({ event: "poll", args: ["q5"], ack: true, timeout: 300 });
      assert.equal(res.error, "operation has timed out");
      assert.deepEqual(res.responses.map((r) => r.name), ["a"]);
      assert.ok(a.connected && slow.connected);
    });
  });
}

describe("clients on different transports", () => {
  test("one broadcast with acks reaches polling, WebSocket and upgraded clients alike", async () => {
    const clients = await Promise.all(TRANSPORTS.map((t) => connect(suite.server, "/", t.options)));
    suite.sockets.push(...clients);
    clients.forEach((c, i) => c.on("poll", (q, b, cb) => cb({ name: TRANSPORTS[i].name, q, b })));
    const payload = Buffer.from("same bytes for everyone");
    const res = await suite.server.emit({ event: "poll", args: ["mixed", payload], ack: true, timeout: 5000 });
    assert.equal(res.error, undefined, JSON.stringify(res));
    assert.deepEqual([...res.responses].sort((x, y) => x.name.localeCompare(y.name)),
      TRANSPORTS.map((t) => ({ name: t.name, q: "mixed", b: payload })).sort((x, y) => x.name.localeCompare(y.name)));
  });
});
