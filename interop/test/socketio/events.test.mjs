// Events with typed payloads between socket.io-client 4.8 and the Java server (scenario "main"):
// strings, numbers (1.5, 1e21, integers past 2^53), unicode, nested objects with their key order,
// null, many arguments, no arguments; Java records mapped by Jackson both ways; values made in
// Java written as Node would write the same values. Checked as values and as exact frames.
//
// Parsers: json, msgpack

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  PARSER, TRANSPORTS, connect, Inbox, onTransport, scenarioSuite,
} from "./support.mjs";

const suite = scenarioSuite("main");
const MSGPACK = PARSER.name === "msgpack";

/**
 * What a Node server echoes back for `args`: the arguments themselves with the default parser
 * (every value used here survives JSON); with msgpack, the value after two trips through
 * notepack, which wraps integers of 2^64 and more (1e21) as it writes them.
 */
function echoed(args) {
  return MSGPACK ? PARSER.carry(PARSER.carry(args)) : args;
}

/** The frame a Node server would send for an `echo` event with these arguments. */
function echoFrame(args, nsp = "/") {
  return `42${nsp === "/" ? "" : nsp + ","}${JSON.stringify(["echo", ...args])}`;
}

/**
 * Emits `echo` with the arguments and expects them back as an `echo` event: equal values, and
 * the exact frame the client itself sent.
 */
async function roundTrip(socket, args) {
  const inbox = new Inbox(socket, "echo");
  socket.emit("echo", ...args);
  const back = await inbox.next();
  assert.deepEqual(back, echoed(args));
  const frame = echoFrame(echoed(args), socket.nsp);
  assert.ok(socket.wire.sent.includes(frame), `the client sent ${frame}`);
  await socket.wire.waitFor((m) => m === frame);
  socket.off("echo");
  return back;
}

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    let s;

    async function client(nsp = "/", opts = {}) {
      const c = await connect(suite.server, nsp, { ...t.options, ...opts });
      suite.sockets.push(c);
      return c;
    }

    test("strings, including empty, quotes, control characters, unicode and line separators", async () => {
      s = await client();
      await roundTrip(s, ["", "plain", 'with "quotes" and \\ backslash', "line\nbreak\ttab\r\b\f", "\u0000\u001f\u007f"]);
      await roundTrip(s, ["héllo ✓ 日本語 🎉 𝄞", "\u2028\u2029", "</script><!--", "\uFEFFbom"]);
    });

    test("numbers: integers, 1.5, 1e21, past 2^53, tiny and huge, negative zero", async () => {
      s = await client();
      await roundTrip(s, [0, -1, 1.5, -2.25, 1e21, 1e-7, 2 ** 53, 2 ** 53 + 2, 12345678901234567890, Number.MAX_SAFE_INTEGER]);
      await roundTrip(s, [Number.MIN_VALUE, Number.MAX_VALUE, 0.1 + 0.2, 123456789.123, -1e-300, 4.35, 1e300]);
      // -0 is written "0" by JSON.stringify, and as the integer 0 by notepack, so it comes back as 0.
      const inbox = new Inbox(s, "echo");
      s.emit("echo", -0);
      assert.ok(Object.is((await inbox.next())[0], 0));
    });

    test("null, booleans, empty containers and nested objects keep their values and key order", async () => {
      s = await client();
      const nested = { z: 1, a: { y: [1, { x: null, b: "c" }], 3: true, b: [] }, m: { "": "empty key", "k.k": [[[]]] } };
      const back = await roundTrip(s, [null, true, false, [], {}, nested]);
      assert.deepEqual(Object.keys(back[5]), ["z", "a", "m"]);
      assert.deepEqual(Object.keys(back[5].a), ["3", "y", "b"]);
    });

    test("undefined array items travel as null and undefined members are left out (JSON), or both stay undefined (msgpack)", async () => {
      s = await client();
      const inbox = new Inbox(s, "echo");
      s.emit("echo", [1, undefined, 3], { a: undefined, b: 2 });
      assert.deepEqual(await inbox.next(), MSGPACK ? [[1, undefined, 3], { a: undefined, b: 2 }] : [[1, null, 3], { b: 2 }]);
    });

    test("many arguments, no arguments, and a 100 000-character string", async () => {
      s = await client();
      await roundTrip(s, Array.from({ length: 20 }, (_, i) => (i % 2 ? `a${i}` : i)));
      await roundTrip(s, []);
      await roundTrip(s, ["x".repeat(100_000) + "✓"]);
    });

    test("events in another namespace carry its name on the wire", async () => {
      const admin = await client("/admin");
      await roundTrip(admin, ["to admin", { n: 1 }]);
    });

    test("a record mapped by Jackson from the client's object, and one written back in declaration order", async () => {
      s = await client();
      const order = { id: "o-1", quantity: 12, price: 2.5, tags: ["a", "b", "c"], customer: { name: "Zoë", email: "z@example.com" } };
      const receipt = await s.emitWithAck("order", order);
      assert.deepEqual(receipt, { orderId: "o-1", total: 30, tagCount: 3, customer: "ZOË", bulk: true });
      const ack = s.wire.texts().find((m) => /^43\d+\[/.test(m));
      assert.match(ack, /^43\d+\[\{"orderId":"o-1","total":30,"tagCount":3,"customer":"ZOË","bulk":true\}\]$/);
    });

    test("a typed String listener (socket.on(event, String.class, ...))", async () => {
      s = await client();
      const inbox = new Inbox(s, "shout");
      s.emit("shout", "hello ü");
      assert.deepEqual(await inbox.next(), ["HELLO Ü"]);
    });

    test("values made in Java are written as Node writes the same values", async () => {
      s = await client();
      const inbox = new Inbox(s, "server-values");
      const acked = await s.emitWithAck("server-values");
      // Through msgpack 1e21 arrives as notepack writes it, wrapped, as it would from Node.
      const expected = PARSER.carry([
        "héllo ✓ 日本語 🎉", 42, 1.5, 1e21, 9007199254740991, 3, null, true, [1, "two", 3],
        { z: 1, a: { y: [null, false] } }, { x: 1, y: -2.5, label: "p" },
      ]);
      const json = MSGPACK
        ? JSON.stringify(expected).slice(1, -1)
        : '"héllo ✓ 日本語 🎉",42,1.5,1e+21,9007199254740991,3,null,true,[1,"two",3],{"z":1,"a":{"y":[null,false]}},{"x":1,"y":-2.5,"label":"p"}';
      assert.deepEqual(await inbox.next(), expected);
      assert.equal(acked, expected[0], "emitWithAck resolves with the first argument");
      assert.ok(s.wire.texts().includes(`42["server-values",${json}]`), `event frame: ${s.wire.texts().join(" | ")}`);
      assert.ok(s.wire.texts().some((m) => new RegExp(`^43\\d+\\[${escape(json)}\\]$`).test(m)), "ack frame");
    });

    test("NaN, ±Infinity and -0.0 from Java are written null, null, null, 0 as JSON.stringify does (msgpack: NaN, ±Infinity, 0)", async () => {
      s = await client();
      const inbox = new Inbox(s, "server-specials");
      s.emit("server-specials");
      assert.deepEqual(await inbox.next(), MSGPACK ? [NaN, Infinity, -Infinity, 0] : [null, null, null, 0]);
      assert.ok(s.wire.texts().includes('42["server-specials",null,null,null,0]'), s.wire.texts().join(" | "));
    });

    test("the server refuses to emit a reserved event name", async () => {
      s = await client();
      for (const name of ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"]) {
        await assert.rejects(suite.server.emit({ socket: s.id, event: name, args: [] }), /reserved/, name);
        await assert.rejects(suite.server.emit({ event: name, args: [] }), /reserved/, `broadcast ${name}`);
      }
    });

    test("a burst of 200 events arrives complete and in order", async () => {
      s = await client();
      const inbox = new Inbox(s, "echo");
      for (let i = 0; i < 200; i++) s.emit("echo", i, `n${i}`);
      const got = await inbox.take(200);
      assert.deepEqual(got, Array.from({ length: 200 }, (_, i) => [i, `n${i}`]));
      await onTransport(s, t.final);
    });
  });
}

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
