// Binary data between socket.io-client 4.8 and the Java server (scenario "main"): Buffers at the
// top level and nested, several attachments, empty and large ones, both directions, in events and
// in acks, and in broadcasts; checked as values and as the exact BINARY_EVENT/BINARY_ACK frames.
//
// Parsers: json, msgpack

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  TRANSPORTS, connect, Inbox, bytes, onTransport, scenarioSuite,
} from "./support.mjs";

const PLACEHOLDER = (n) => `{"_placeholder":true,"num":${n}}`;
const suite = scenarioSuite("main");

/** The received frames from the header starting with `prefix`, and the `n` binary messages after it. */
function framesAfter(wire, test, n) {
  const i = wire.received.findIndex((m) => typeof m === "string" && test(m));
  assert.ok(i >= 0, `no received frame matches ${test}`);
  return [wire.received[i], wire.received.slice(i + 1, i + 1 + n)];
}

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    async function client(nsp = "/") {
      const c = await connect(suite.server, nsp, t.options);
      suite.sockets.push(c);
      return c;
    }

    test("a top-level Buffer goes out as 451-[...] plus the bytes and comes back the same", async () => {
      const s = await client();
      const inbox = new Inbox(s, "echo");
      s.emit("echo", Buffer.from([1, 2, 3]));
      const [back] = await inbox.next();
      assert.ok(Buffer.isBuffer(back));
      assert.deepEqual(back, Buffer.from([1, 2, 3]));
      const header = `451-["echo",${PLACEHOLDER(0)}]`;
      assert.ok(s.wire.sent.includes(header));
      const [h, bins] = framesAfter(s.wire, (m) => m === header, 1);
      assert.equal(h, header);
      assert.deepEqual(bins, [Buffer.from([1, 2, 3])]);
    });

    test("nested Buffers and several attachments keep their places, numbered depth-first", async () => {
      const s = await client();
      const inbox = new Inbox(s, "echo");
      const value = {
        a: Buffer.from("first"),
        list: [Buffer.from([0]), "text", { deep: Buffer.from([255, 254]) }],
        empty: Buffer.alloc(0),
        n: 1,
      };
      s.emit("echo", "label", value, Buffer.from("last"));
      const back = await inbox.next();
      assert.deepEqual(back, ["label", value, Buffer.from("last")]);
      const sentHeader = s.wire.sent.find((m) => typeof m === "string" && m.startsWith("455-"));
      assert.equal(
        sentHeader,
        `455-["echo","label",{"a":${PLACEHOLDER(0)},"list":[${PLACEHOLDER(1)},"text",{"deep":${PLACEHOLDER(2)}}],"empty":${PLACEHOLDER(3)},"n":1},${PLACEHOLDER(4)}]`,
      );
      const [h, bins] = framesAfter(s.wire, (m) => m === sentHeader, 5);
      assert.equal(h, sentHeader, "the server's frame is the client's frame");
      assert.deepEqual(bins, [Buffer.from("first"), Buffer.from([0]), Buffer.from([255, 254]), Buffer.alloc(0), Buffer.from("last")]);
    });

    test("Uint8Array and ArrayBuffer arguments arrive as the same bytes", async () => {
      const s = await client();
      const inbox = new Inbox(s, "echo");
      // With msgpack they travel as notepack's ArrayBuffer; the handler's copy goes back as a Buffer.
      s.emit("echo", new Uint8Array([9, 8, 7]), new Uint8Array([6, 5]).buffer);
      assert.deepEqual(await inbox.next(), [Buffer.from([9, 8, 7]), Buffer.from([6, 5])]);
    });

    test("a 500 kB attachment with every byte value", async () => {
      const s = await client();
      const inbox = new Inbox(s, "echo");
      const big = bytes(500_000, 7);
      s.emit("echo", { big }, "after");
      const [back, after] = await inbox.next({ timeout: 15_000 });
      assert.equal(after, "after");
      assert.ok(big.equals(back.big), "500 kB came back byte for byte");
    });

    test("binary in acks: the client's Buffer answered as 461-<id>[...] with the bytes", async () => {
      const s = await client();
      const back = await new Promise((resolve) => s.emit("ack", Buffer.from([4, 2]), { x: Buffer.from("y") }, (...args) => resolve(args)));
      assert.deepEqual(back, [Buffer.from([4, 2]), { x: Buffer.from("y") }]);
      const [h, bins] = framesAfter(s.wire, (m) => /^462-\d+\[/.test(m), 2);
      assert.match(h, new RegExp(`^462-\\d+\\[\\{"_placeholder":true,"num":0\\},\\{"x":\\{"_placeholder":true,"num":1\\}\\}\\]$`));
      assert.deepEqual(bins, [Buffer.from([4, 2]), Buffer.from("y")]);
    });

    test("byte[] values made in Java arrive as Buffers, top level and inside a record", async () => {
      const s = await client();
      const inbox = new Inbox(s, "server-binary");
      const acked = await new Promise((resolve) => s.emit("server-binary", (...args) => resolve(args)));
      const expected = [Buffer.from([1, 2, 3]), { name: "blob", data: Buffer.from([4, 5]), parts: [Buffer.from([6]), Buffer.alloc(0)] }];
      assert.deepEqual(await inbox.next(), expected);
      assert.deepEqual(acked, expected);
      const header = `454-["server-binary",${PLACEHOLDER(0)},{"name":"blob","data":${PLACEHOLDER(1)},"parts":[${PLACEHOLDER(2)},${PLACEHOLDER(3)}]}]`;
      assert.ok(s.wire.texts().includes(header), s.wire.texts().join(" | "));
    });

    test("the server's emitWithAck gets the client's binary answer", async () => {
      const s = await client();
      s.on("give-binary", (n, cb) => cb(bytes(n), { nested: [Buffer.from("n")] }));
      const res = await suite.server.emit({ socket: s.id, event: "give-binary", args: [5], ack: true, timeout: 5000 });
      assert.deepEqual(res, { ack: [bytes(5), { nested: [Buffer.from("n")] }] });
    });

    test("the server sends binary with a binary argument to emitWithAck and the client echoes it", async () => {
      const s = await client();
      s.on("mirror", (...args) => args.pop()(...args));
      const payload = [Buffer.from([1]), { b: Buffer.from([2, 3]) }];
      const res = await suite.server.emit({ socket: s.id, event: "mirror", args: payload, ack: true, timeout: 5000 });
      assert.deepEqual(res, { ack: payload });
      const [h] = framesAfter(s.wire, (m) => /^452-\d+\["mirror"/.test(m), 2);
      assert.match(h, /^452-\d+\["mirror",\{"_placeholder":true,"num":0\},\{"b":\{"_placeholder":true,"num":1\}\}\]$/);
    });

    test("a binary broadcast reaches every client with the same bytes", async () => {
      const a = await client();
      const b = await client();
      const admin = await client("/admin");
      const ia = new Inbox(a, "bin-news");
      const ib = new Inbox(b, "bin-news");
      const iAdmin = new Inbox(admin, "bin-news");
      await suite.server.emit({ event: "bin-news", args: [bytes(1000), { tag: "x", b: Buffer.from([7]) }] });
      await suite.server.emit({ nsp: "/admin", event: "bin-news", args: [Buffer.from("admin")] });
      const expected = [bytes(1000), { tag: "x", b: Buffer.from([7]) }];
      assert.deepEqual(await ia.next(), expected);
      assert.deepEqual(await ib.next(), expected);
      assert.deepEqual(await iAdmin.next(), [Buffer.from("admin")], "the / broadcast does not reach /admin");
      const [h, bins] = framesAfter(admin.wire, (m) => m.startsWith("451-/admin,"), 1);
      assert.equal(h, `451-/admin,["bin-news",${PLACEHOLDER(0)}]`);
      assert.deepEqual(bins, [Buffer.from("admin")]);
      const [ha] = framesAfter(a.wire, (m) => m.startsWith("452-"), 2);
      assert.equal(ha, `452-["bin-news",${PLACEHOLDER(0)},{"tag":"x","b":${PLACEHOLDER(1)}}]`);
    });

    test("binary and text events interleaved in a burst arrive in order", async () => {
      const s = await client();
      const inbox = new Inbox(s, "echo");
      for (let i = 0; i < 100; i++) s.emit("echo", i % 3 === 0 ? bytes(i + 1, i) : `t${i}`);
      const got = await inbox.take(100, { timeout: 15_000 });
      got.forEach(([v], i) => assert.deepEqual(v, i % 3 === 0 ? bytes(i + 1, i) : `t${i}`, `event ${i}`));
      await onTransport(s, t.final);
    });
  });
}
