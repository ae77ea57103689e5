// Exact Socket.IO v5 frames against the Java server, with a raw engine.io-client 6.6 connection
// (no socket.io-client in between), over WebSocket and long-polling: CONNECT replies, events,
// acks, binary attachments, namespaces, JSON exactly as Node's JSON.parse + JSON.stringify
// would give it back, protocol violations, and the offsets of connection state recovery.
//
// Parsers: json
// (socket.io's default parser only: its subject is that parser's text format, written and read by hand)

import { describe, test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { openSocket, closeQuietly, withTimeout, TIMEOUT } from "../engineio/support.mjs";
import { createSocketIo, assertNoClients, bytes } from "./support.mjs";

const SID = "[A-Za-z0-9_-]{20}";
const PLACEHOLDER = (n) => `{"_placeholder":true,"num":${n}}`;

/** A raw Engine.IO connection speaking Socket.IO frames: `send("42[...]")`, `await next()`. */
class Raw {
  constructor(client) {
    this.client = client;
    this.socket = client.socket;
  }

  /** Sends frames: strings are full frames (`4` + Socket.IO packet), Buffers binary messages. */
  send(...frames) {
    for (const f of frames) {
      if (typeof f === "string") {
        assert.ok(f.startsWith("4"), `a message frame starts with 4: ${f}`);
        this.socket.send(f.slice(1));
      } else {
        this.socket.send(f);
      }
    }
  }

  /** The next message as its frame: `4` + text, or a Buffer. */
  async next(opts) {
    const m = await this.client.inbox.next(opts);
    return typeof m === "string" ? "4" + m : Buffer.from(m);
  }

  /** The next `n` frames. */
  async take(n, opts) {
    const ms = await this.client.inbox.take(n, opts);
    return ms.map((m) => (typeof m === "string" ? "4" + m : Buffer.from(m)));
  }

  /** Waits for the server to close the connection. */
  async closedByServer() {
    return withTimeout(this.client.closed, TIMEOUT, "the server to close the connection");
  }

  /** CONNECT to `/` (or `nsp`), returns the socket id from the exact reply. */
  async connect(nsp = "/", auth) {
    const prefix = nsp === "/" ? "" : `${nsp},`;
    this.send(`40${prefix}${auth === undefined ? "" : JSON.stringify(auth)}`);
    const reply = await this.next();
    const m = new RegExp(`^40${prefix.replace(/[/.]/g, "\\$&")}\\{"sid":"(${SID})"\\}$`).exec(reply);
    assert.ok(m, `CONNECT reply ${JSON.stringify(reply)} is 40${prefix}{"sid":"<20 chars>"}`);
    return m[1];
  }
}

for (const transport of ["websocket", "polling"]) {
  describe(transport, () => {
    let server;
    let raws = [];

    async function raw(fixture = server) {
      const client = await openSocket(fixture, { transports: [transport] });
      const r = new Raw(client);
      raws.push(r);
      return r;
    }

    before(async () => {
      server = await createSocketIo("main");
    });

    afterEach(async () => {
      for (const r of raws) await closeQuietly(r.client);
      raws = [];
      await assertNoClients(server);
    });

    after(async () => {
      await server?.close();
    });

    test('40 is answered 40{"sid":"..."} and 42["hey","Jude"] comes back as it went', async () => {
      const r = await raw();
      const sid = await r.connect();
      assert.notEqual(sid, r.socket.id, "socket id is not the engine sid");
      r.send('42["hey","Jude"]');
      assert.equal(await r.next(), '42["hey","Jude"]');
    });

    test('4211["ack","a"] is acknowledged 4311["a"]', async () => {
      const r = await raw();
      await r.connect();
      r.send('4211["ack","a"]');
      assert.equal(await r.next(), '4311["a"]');
      r.send('42456["ack"]');
      assert.equal(await r.next(), "43456[]", "an ack without arguments is an empty array");
    });

    test("events emitted in the connection handler follow the CONNECT reply", async () => {
      const r = await raw();
      r.send('40{"welcome":true}');
      const [reply, welcome] = await r.take(2);
      const m = new RegExp(`^40\\{"sid":"(${SID})"\\}$`).exec(reply);
      assert.ok(m, reply);
      assert.equal(welcome, `42["welcome","${m[1]}"]`);
    });

    test("a binary event with one attachment comes back as 451-[...placeholder...] plus the bytes", async () => {
      const r = await raw();
      await r.connect();
      const header = `451-["echo",${PLACEHOLDER(0)}]`;
      r.send(header, Buffer.from([1, 2, 3]));
      const [h, bin] = await r.take(2);
      assert.equal(h, header);
      assert.deepEqual(bin, Buffer.from([1, 2, 3]));
    });

    test("a binary ack keeps the placeholders depth-first: 462-7[...] plus both attachments in order", async () => {
      const r = await raw();
      await r.connect();
      const b0 = bytes(300);
      const b1 = Buffer.from("second ✓");
      r.send(`452-7["ack",${PLACEHOLDER(0)},{"x":[${PLACEHOLDER(1)}]}]`, b0, b1);
      const [h, x0, x1] = await r.take(3);
      assert.equal(h, `462-7[${PLACEHOLDER(0)},{"x":[${PLACEHOLDER(1)}]}]`);
      assert.deepEqual(x0, b0);
      assert.deepEqual(x1, b1);
    });

    test("the server's own binary values are numbered depth-first with one message per attachment", async () => {
      const r = await raw();
      await r.connect();
      r.send('4230["server-binary"]');
      const frames = await r.take(10);
      const header = `454-["server-binary",${PLACEHOLDER(0)},{"name":"blob","data":${PLACEHOLDER(1)},"parts":[${PLACEHOLDER(2)},${PLACEHOLDER(3)}]}]`;
      assert.equal(frames[0], header);
      assert.deepEqual(frames.slice(1, 5), [Buffer.from([1, 2, 3]), Buffer.from([4, 5]), Buffer.from([6]), Buffer.alloc(0)]);
      assert.equal(frames[5], `464-30[${PLACEHOLDER(0)},{"name":"blob","data":${PLACEHOLDER(1)},"parts":[${PLACEHOLDER(2)},${PLACEHOLDER(3)}]}]`);
      assert.deepEqual(frames.slice(6), [Buffer.from([1, 2, 3]), Buffer.from([4, 5]), Buffer.from([6]), Buffer.alloc(0)]);
    });

    test("namespaces: 40/admin,{auth} → 40/admin,{sid}; events and acks carry the namespace", async () => {
      const r = await raw();
      const sid = await r.connect("/admin", { token: "123" });
      const h = await server.logged({ type: "connection", id: sid });
      assert.equal(h.nsp, "/admin");
      assert.deepEqual(h.auth, { token: "123" });
      r.send('42/admin,["hey","x"]');
      assert.equal(await r.next(), '42/admin,["hey","x"]');
      r.send('42/admin,12["ack",1]');
      assert.equal(await r.next(), "43/admin,12[1]");
      r.send(`451-/admin,["echo",${PLACEHOLDER(0)}]`, Buffer.from([9]));
      assert.deepEqual(await r.take(2), [`451-/admin,["echo",${PLACEHOLDER(0)}]`, Buffer.from([9])]);
    });

    test('CONNECT to an unknown namespace is answered 44/random,{"message":"Invalid namespace"}; the connection stays', async () => {
      const r = await raw();
      r.send("40/random,");
      assert.equal(await r.next(), '44/random,{"message":"Invalid namespace"}');
      r.send("40/random");
      assert.equal(await r.next(), '44/random,{"message":"Invalid namespace"}', "the comma after the name is optional");
      await r.connect();
      r.send('42["hey"]');
      assert.equal(await r.next(), '42["hey"]');
    });

    test("41 leaves the namespace (client namespace disconnect); the connection stays and 40 gives a new id", async () => {
      const r = await raw();
      const first = await r.connect();
      r.send("41");
      const entry = await server.logged({ type: "disconnect", id: first });
      assert.equal(entry.reason, "client namespace disconnect");
      const second = await r.connect();
      assert.notEqual(second, first);
      r.send('42["hey",2]');
      assert.equal(await r.next(), '42["hey",2]');
    });

    test("JSON comes back as Node's JSON.parse then JSON.stringify would write it: numbers", async () => {
      const r = await raw();
      await r.connect();
      const inputs = [
        "1.0", "-0", "1E21", "1e+21", "1e21", "12345678901234567890", "9007199254740993", "1e-7", "0.000001",
        "0.1", "100", "1.5e300", "5e-324", "1.7976931348623157e308", "123456789.123456789", "-1.5E-10", "2e-7",
        "1e300", "0.30000000000000004", "4.35", "100e-2", "[1.10,2.00]",
      ];
      await expectJsRoundTrip(r, inputs);
    });

    test("JSON comes back as Node would write it: strings and escapes", async () => {
      const r = await raw();
      await r.connect();
      const inputs = [
        '"plain"', '""', '"\\u00e9\\ud83c\\udf89"', '"é🎉 日本語"', '"\\/"', '"\\u2028\\u2029"', '"\\u0000\\u001F\\u007f"',
        '"\\b\\f\\n\\r\\t"', '"\\"\\\\"', '"\\u0041"', '"<script>&amp;</script>"',
      ];
      await expectJsRoundTrip(r, inputs);
    });

    test("JSON comes back as Node would write it: objects, arrays, literals and whitespace", async () => {
      const r = await raw();
      await r.connect();
      const inputs = [
        '{"b":1,"a":[true,false,null],"c":{}}', "[]", "{}", "null", "true", '[ 1 , { "x" : [ ] } ]',
        '{"nested":{"deep":{"deeper":[1,[2,[3]]]}}}', '{"": "empty key"}',
      ];
      await expectJsRoundTrip(r, inputs);
    });

    test("JSON comes back as Node would write it: a lone surrogate is escaped", async () => {
      const r = await raw();
      await r.connect();
      await expectJsRoundTrip(r, ['"\\ud800"', '"a\\udc00b"']);
    });

    test("JSON comes back as Node would write it: a duplicate key keeps its first place and last value", async () => {
      const r = await raw();
      await r.connect();
      await expectJsRoundTrip(r, ['{"a":1,"b":2,"a":3}']);
    });

    test("JSON comes back as Node would write it: integer-like keys come first, ascending", async () => {
      const r = await raw();
      await r.connect();
      await expectJsRoundTrip(r, ['{"b":1,"10":2,"2":3,"a":4,"1":5}']);
    });

    test("ten attachments are the most a packet may have", async () => {
      const r = await raw();
      await r.connect();
      const placeholders = Array.from({ length: 10 }, (_, i) => PLACEHOLDER(i)).join(",");
      const bins = Array.from({ length: 10 }, (_, i) => Buffer.from([i]));
      r.send(`4510-["echo",${placeholders}]`, ...bins);
      const frames = await r.take(11);
      assert.equal(frames[0], `4510-["echo",${placeholders}]`);
      assert.deepEqual(frames.slice(1), bins);
    });

    test("an ACK for an unknown id is ignored and the connection stays", async () => {
      const r = await raw();
      await r.connect();
      r.send("43999[1]", `461-998[${PLACEHOLDER(0)}]`, Buffer.from([1]));
      r.send('42["hey","still here"]');
      assert.equal(await r.next(), '42["hey","still here"]');
    });

    test("an event whose name is a number is accepted", async () => {
      const r = await raw();
      const sid = await r.connect();
      r.send('42[7,"seven"]', '4212["ack"]');
      assert.equal(await r.next(), "4312[]");
      const any = await server.logged({ type: "any", id: sid, event: "7" });
      assert.deepEqual(any.args, ["seven"]);
    });

    test("the server's emitWithAck: 42<id>[...] answered 43<id>[...], also with a binary answer", async () => {
      const r = await raw();
      const sid = await r.connect();
      const pending = server.emit({ socket: sid, event: "question", args: [21], ack: true, timeout: 3000 });
      const q = await r.next();
      const m = /^42(\d+)\["question",21\]$/.exec(q);
      assert.ok(m, q);
      r.send(`43${m[1]}[42,"ok"]`);
      assert.deepEqual(await pending, { ack: [42, "ok"] });

      const pending2 = server.emit({ socket: sid, event: "question", args: [], ack: true, timeout: 3000 });
      const q2 = /^42(\d+)\["question"\]$/.exec(await r.next());
      assert.ok(q2);
      assert.notEqual(q2[1], m[1], "each emit gets a new ack id");
      r.send(`461-${q2[1]}[${PLACEHOLDER(0)}]`, Buffer.from([7, 7]));
      assert.deepEqual(await pending2, { ack: [Buffer.from([7, 7])] });
    });

    describe("protocol violations close the whole connection", () => {
      // The reference closes the engine connection and then reports "forced server close" to the
      // sockets, but over WebSocket (and polling with a pending GET) the engine's own close event
      // comes first, synchronously, so its sockets see "forced close": both are the reference's.
      const VIOLATION = ["forced server close", "forced close"];

      async function expectClosed(r, sid, frames, { reason = VIOLATION } = {}) {
        r.send(...frames);
        await r.closedByServer();
        if (sid) {
          const entry = await server.logged({ type: "disconnect", id: sid });
          const accepted = [reason].flat();
          assert.ok(accepted.includes(entry.reason), `disconnect reason ${entry.reason}, expected one of ${accepted}`);
        }
        const session = await server.sessionClosed(r.socket.id ?? r.engineId);
        assert.equal(session.closeReason, "forced close");
      }

      async function connectedRaw() {
        const r = await raw();
        r.engineId = r.socket.id;
        const sid = await r.connect();
        return [r, sid];
      }

      test("an event for a namespace the client did not join", async () => {
        const [r, sid] = await connectedRaw();
        await expectClosed(r, sid, ['42/admin,["hey"]']);
      });

      test("a second CONNECT for a joined namespace", async () => {
        const [r, sid] = await connectedRaw();
        await expectClosed(r, sid, ["40"]);
      });

      test("a CONNECT_ERROR sent by the client", async () => {
        const [r, sid] = await connectedRaw();
        await expectClosed(r, sid, ['44{"message":"nope"}']);
      });

      test("a reserved event name (the decoder refuses it: the socket gets an error, then forced close)", async () => {
        const [r, sid] = await connectedRaw();
        await expectClosed(r, sid, ['42["disconnect"]'], { reason: "forced close" });
        await server.logged({ type: "error", id: sid });
      });

      test("an event whose payload is not an array", async () => {
        const [r, sid] = await connectedRaw();
        await expectClosed(r, sid, ['42{"a":1}'], { reason: "forced close" });
      });

      test("an unknown packet type", async () => {
        const [r, sid] = await connectedRaw();
        await expectClosed(r, sid, ["49"], { reason: "forced close" });
      });

      test("a CONNECT whose payload is not an object", async () => {
        const r = await raw();
        r.engineId = r.socket.id;
        await expectClosed(r, null, ['40"token"']);
      });

      test("an ACK whose payload is not an array", async () => {
        const [r, sid] = await connectedRaw();
        await expectClosed(r, sid, ['431{"a":1}'], { reason: "forced close" });
      });

      test("a DISCONNECT with a payload", async () => {
        const [r, sid] = await connectedRaw();
        await expectClosed(r, sid, ['41{"a":1}'], { reason: "forced close" });
      });

      test("an event with an empty array", async () => {
        const [r, sid] = await connectedRaw();
        await expectClosed(r, sid, ["42[]"], { reason: "forced close" });
      });

      test("more than 10 attachments", async () => {
        const [r, sid] = await connectedRaw();
        const placeholders = Array.from({ length: 11 }, (_, i) => PLACEHOLDER(i)).join(",");
        await expectClosed(r, sid, [`4511-["echo",${placeholders}]`], { reason: "forced close" });
      });

      test("a binary message without a binary packet announcing it", async () => {
        const [r, sid] = await connectedRaw();
        await expectClosed(r, sid, [Buffer.from([1, 2])], { reason: "forced close" });
      });

      test("a text packet while attachments are awaited", async () => {
        const [r, sid] = await connectedRaw();
        await expectClosed(r, sid, [`452-["echo",${PLACEHOLDER(0)},${PLACEHOLDER(1)}]`, Buffer.from([1]), '42["hey"]'], {
          reason: "forced close",
        });
      });
    });

    describe("with connection state recovery", () => {
      let csr;

      before(async () => {
        csr = await createSocketIo("main", { connectionStateRecovery: true });
      });

      after(async () => {
        for (const r of raws) await closeQuietly(r.client);
        raws = [];
        await assertNoClients(csr);
        await csr?.close();
      });

      test('40 is answered 40{"sid":"...","pid":"..."} and stored events carry an offset as their last element', async () => {
        const r = await raw(csr);
        r.send("40");
        const reply = await r.next();
        const m = new RegExp(`^40\\{"sid":"(${SID})","pid":"(${SID})"\\}$`).exec(reply);
        assert.ok(m, `${reply} is 40{"sid","pid"}`);
        assert.notEqual(m[1], m[2]);
        r.send('42["hey",1]');
        const hey = await r.next();
        const offset = /^42\["hey",1,"([0-9A-Za-z_-]+(?:\.\d+)?)"\]$/.exec(hey);
        assert.ok(offset, `${hey} ends with an offset`);
        r.send(`451-["echo",${PLACEHOLDER(0)}]`, Buffer.from([5]));
        const [bh, bin] = await r.take(2);
        const bOffset = new RegExp(`^451-\\["echo",\\{"_placeholder":true,"num":0\\},"([0-9A-Za-z_.-]+)"\\]$`).exec(bh);
        assert.ok(bOffset, `${bh} ends with an offset`);
        assert.notEqual(bOffset[1], offset[1], "each stored packet has its own offset");
        assert.deepEqual(bin, Buffer.from([5]));
        r.send('4211["ack","a"]');
        assert.equal(await r.next(), '4311["a"]', "acks are not stored and get no offset");
      });

      test("a CONNECT with an unknown pid gets a new session", async () => {
        const r = await raw(csr);
        r.send('40{"pid":"unknownunknownunknow","offset":"nope"}');
        const reply = await r.next();
        const m = new RegExp(`^40\\{"sid":"(${SID})","pid":"(${SID})"\\}$`).exec(reply);
        assert.ok(m, reply);
        assert.notEqual(m[2], "unknownunknownunknow");
        const entry = await csr.logged({ type: "connection", id: m[1] });
        assert.equal(entry.recovered, false);
      });
    });
  });
}

/**
 * Sends `42["hey",<input>]` for each input and expects `42` + what Node's
 * JSON.stringify(JSON.parse(...)) gives for the same frame; reports every mismatch at once.
 */
async function expectJsRoundTrip(r, inputs) {
  const mismatches = [];
  for (const input of inputs) {
    const packet = `["hey",${input}]`;
    r.send("42" + packet);
    const got = await r.next();
    const expected = "42" + JSON.stringify(JSON.parse(packet));
    if (got !== expected) mismatches.push(`sent 42${packet}\n   got ${got}\n  want ${expected}`);
  }
  assert.deepEqual(mismatches, [], `frames not as Node writes them:\n${mismatches.join("\n")}`);
}
