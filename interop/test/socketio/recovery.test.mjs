// Connection state recovery between socket.io-client 4.8 and the Java server (scenario "main"
// with connectionStateRecovery on): the client's connection is dropped from its side (the
// WebSocket destroyed without a close frame, or the polling engine closed), the server emits
// while it is away, and the client reconnects with its pid and last offset: recovered, same id,
// rooms and data kept, the missed packets delivered in order (before the CONNECT reply on the
// wire), each with its offset as the last argument. Packets it should not get stay away.
//
// Parsers: json, msgpack

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  TRANSPORTS, createSocketIo, socketOn, connected, assertNoClients, Inbox, nextEvent, onTransport,
  scenarioSuite,
} from "./support.mjs";

const SID = "[A-Za-z0-9_-]{20}";
const OFFSET = /^[0-9A-Za-z_-]+(\.\d+)?$/;
const suite = scenarioSuite("main", { connectionStateRecovery: { maxDisconnectionDuration: 60_000, skipMiddlewares: true } });

/** The client side of an abrupt loss: the WebSocket destroyed without a close frame, or the polling engine closed. */
function drop(socket) {
  const transport = socket.io.engine.transport;
  if (transport.name === "websocket") {
    transport.ws.terminate();
  } else {
    socket.io.engine.close();
  }
}

/** A connected socket that does not reconnect by itself (the test reconnects it with connect()). */
async function client(t, opts = {}) {
  const s = socketOn(suite.server, "/", { ...t.options, ...opts });
  suite.sockets.push(s);
  await connected(s);
  await onTransport(s, t.final);
  return s;
}

/**
 * Has the server send the socket one stored event, so that the client holds an offset: the
 * client sends its pid with an offset only once it has one, and without both the server (like
 * the reference) does not try to recover.
 */
async function prime(s, inbox, fixture = suite.server) {
  await fixture.emit({ socket: s.id, event: "primer" });
  const [event, offset] = await inbox.next();
  assert.equal(event, "primer");
  assert.match(offset, OFFSET);
}

/** Drops the connection and waits until both sides know. */
async function dropAndWait(s) {
  const id = s.id;
  const gone = nextEvent(s, "disconnect");
  drop(s);
  const [clientReason] = await gone;
  assert.ok(["transport close", "transport error", "forced close"].includes(clientReason), clientReason);
  const entry = await suite.server.logged({ type: "disconnect", id });
  assert.ok(["transport close", "transport error"].includes(entry.reason), `server reason ${entry.reason} is recoverable`);
  return entry;
}

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    test("the CONNECT reply has a pid, and every stored event ends with an offset argument", async () => {
      const s = await client(t);
      const reply = s.wire.texts().find((m) => m.startsWith("40"));
      assert.match(reply, new RegExp(`^40\\{"sid":"${s.id}","pid":"${SID}"\\}$`));
      const inbox = new Inbox(s, "hello");
      await suite.server.emit({ socket: s.id, event: "hello", args: [1] });
      await suite.server.emit({ event: "hello", args: [2, { b: Buffer.from([1]) }] });
      const [first, second] = await inbox.take(2);
      assert.equal(first.length, 2);
      assert.equal(first[0], 1);
      assert.match(first[1], OFFSET, "the offset is appended as the last argument");
      assert.deepEqual(second.slice(0, 2), [2, { b: Buffer.from([1]) }]);
      assert.match(second[2], OFFSET);
      assert.notEqual(first[1], second[1]);
      assert.ok(s.wire.texts().includes(`42["hello",1,"${first[1]}"]`));
      assert.ok(s.wire.texts().includes(`451-["hello",2,{"b":{"_placeholder":true,"num":0}},"${second[2]}"]`));
      // An emit with an ack id is not stored: no offset.
      s.on("q", (cb) => cb("a"));
      assert.deepEqual(await suite.server.emit({ socket: s.id, event: "q", ack: true, timeout: 5000 }), { ack: ["a"] });
      assert.ok(s.wire.texts().some((m) => /^42\d+\["q"\]$/.test(m)));
    });

    test("after a dropped connection the client is recovered: same id, rooms, data, missed packets in order", async () => {
      const s = await client(t);
      const id = s.id;
      const pid = new RegExp(`"pid":"(${SID})"`).exec(s.wire.texts().find((m) => m.startsWith("40")))[1];
      assert.deepEqual(await s.emitWithAck("join", ["r1", "r2"]), [id, "r1", "r2"]);
      await s.emitWithAck("set-data", { user: "kept", n: 1 });
      const inbox = new Inbox(s, "*");
      await suite.server.emit({ socket: id, event: "before", args: [0] });
      const [[, , offsetBefore]] = await inbox.take(1);
      assert.match(offsetBefore, OFFSET);

      await dropAndWait(s);
      assert.equal(s.connected, false);

      // While it is away: what it should get, and what it should not.
      await suite.server.emit({ event: "missed", args: [1] });
      await suite.server.emit({ to: ["r1"], event: "missed", args: [2] });
      await suite.server.emit({ to: [id], event: "missed", args: [3, Buffer.from("three")] });
      await suite.server.emit({ to: ["other-room"], event: "not-for-it", args: [] });
      await suite.server.emit({ except: ["r2"], event: "not-for-it", args: [] });
      await suite.server.emit({ volatile: true, event: "not-for-it", args: ["volatile"] });
      assert.deepEqual(await suite.server.emit({ event: "not-for-it", args: ["with ack"], ack: true, timeout: 200 }), { responses: [] });
      await suite.server.emit({ to: ["r2"], event: "missed", args: [4, { nested: true }] });

      const before = s.wire.received.length;
      const reconnected = nextEvent(s, "connect");
      s.connect();
      await reconnected;
      assert.equal(s.recovered, true, "socket.recovered");
      assert.equal(s.id, id, "same socket id");
      assert.ok(s.wire.sent.some((m) => m === `40{"pid":"${pid}","offset":"${offsetBefore}"}`), "CONNECT carried pid and offset");

      // The client emits what arrived before the CONNECT reply right before its "connect" event.
      const missed = await inbox.take(4);
      assert.deepEqual(missed.map((m) => m.slice(0, -1)), [
        ["missed", 1], ["missed", 2], ["missed", 3, Buffer.from("three")], ["missed", 4, { nested: true }],
      ]);
      missed.forEach((m) => assert.match(m[m.length - 1], OFFSET));
      // On the wire: the missed events, then the CONNECT reply with the old sid and pid.
      const after = s.wire.received.slice(before).filter((m) => typeof m === "string");
      assert.deepEqual(after.map((m) => m.replace(/,"[^"]+"\]$/, "]")), [
        '42["missed",1]', '42["missed",2]', '451-["missed",3,{"_placeholder":true,"num":0}]', '42["missed",4,{"nested":true}]',
        `40{"sid":"${id}","pid":"${pid}"}`,
      ]);

      await suite.server.emit({ socket: id, event: "marker" });
      assert.deepEqual((await inbox.untilMarker()).map((m) => m[0]), ["marker"], "nothing it should not get");

      const entry = await suite.server.logged({ type: "connection", id, recovered: true });
      assert.deepEqual(entry.rooms, [id, "r1", "r2"], "rooms given back before the connection handler");
      assert.deepEqual(await s.emitWithAck("get-data"), { user: "kept", n: 1 });
      const [found] = await suite.server.fetchSockets({ to: [id] });
      assert.deepEqual(found.rooms, [id, "r1", "r2"]);
      assert.deepEqual(found.data, { user: "kept", n: 1 });
      await suite.server.emit({ to: ["r1"], event: "after", args: [5] });
      const [afterEvent] = await inbox.take(1);
      assert.deepEqual(afterEvent.slice(0, 2), ["after", 5]);
    });

    test("a second drop recovers from the latest offset: only the newer packets come again", async () => {
      const s = await client(t);
      const id = s.id;
      const inbox = new Inbox(s, "*");
      await prime(s, inbox);
      await dropAndWait(s);
      await suite.server.emit({ to: [id], event: "first-away", args: [] });
      s.connect();
      await nextEvent(s, "connect");
      assert.equal(s.recovered, true);
      await onTransport(s, t.final);
      assert.deepEqual((await inbox.take(1))[0][0], "first-away");

      await dropAndWait(s);
      await suite.server.emit({ to: [id], event: "second-away", args: [] });
      s.connect();
      await nextEvent(s, "connect");
      assert.equal(s.recovered, true);
      assert.equal(s.id, id);
      await suite.server.emit({ socket: id, event: "marker" });
      const got = await inbox.untilMarker();
      assert.deepEqual(got.map((m) => m[0]), ["second-away", "marker"], "first-away is not replayed");
    });

    test("a client that never received an event has no offset and is not recovered", async () => {
      const s = await client(t);
      const id = s.id;
      await dropAndWait(s);
      s.connect();
      await nextEvent(s, "connect");
      const connects = s.wire.sent.filter((m) => typeof m === "string" && m.startsWith("40"));
      assert.match(connects[1], new RegExp(`^40\\{"pid":"${SID}"\\}$`), "the client sends its pid without an offset");
      assert.equal(s.recovered, false);
      assert.notEqual(s.id, id);
    });

    test("a client that left on purpose is not recovered: new id, no missed packets", async () => {
      const s = await client(t);
      const id = s.id;
      s.disconnect();
      assert.equal((await suite.server.logged({ type: "disconnect", id })).reason, "client namespace disconnect");
      await suite.server.emit({ event: "while-away" });
      const inbox = new Inbox(s, "*");
      s.connect();
      await nextEvent(s, "connect");
      assert.equal(s.recovered, false);
      assert.notEqual(s.id, id);
      await suite.server.emit({ socket: s.id, event: "marker" });
      assert.deepEqual((await inbox.untilMarker()).map((m) => m[0]), ["marker"]);
      const entry = await suite.server.logged({ type: "connection", id: s.id });
      assert.equal(entry.recovered, false);
    });

    test("a socket the server disconnected is not recovered either", async () => {
      const s = await client(t);
      const id = s.id;
      const gone = nextEvent(s, "disconnect");
      await suite.server.disconnectSocket({ id });
      assert.equal((await gone)[0], "io server disconnect");
      s.connect();
      await nextEvent(s, "connect");
      assert.equal(s.recovered, false);
      assert.notEqual(s.id, id);
    });
  });
}

describe("with namespace middlewares", () => {
  test("skipMiddlewares: the middlewares do not run again for a recovered socket", async () => {
    const fixture = await createSocketIo("middleware", { connectionStateRecovery: { maxDisconnectionDuration: 60_000, skipMiddlewares: true } });
    const s = socketOn(fixture, "/", { transports: ["websocket"], auth: { token: "secret" } });
    try {
      await connected(s);
      const id = s.id;
      const runs = () => fixture.log().then((log) => log.filter((e) => e.type === "middleware" && e.id === id).length);
      assert.equal(await runs(), 2);
      await prime(s, new Inbox(s, "*"), fixture);
      const gone = nextEvent(s, "disconnect");
      drop(s);
      await gone;
      await fixture.logged({ type: "disconnect", id });
      s.connect();
      await nextEvent(s, "connect");
      assert.equal(s.recovered, true);
      await fixture.logged({ type: "connection", id, recovered: true });
      assert.equal(await runs(), 2, "no middleware ran for the recovery");
      const [found] = await fixture.fetchSockets({ to: [id] });
      assert.deepEqual(found.data, { user: "alice", level: 3 }, "data set by the middleware is kept");
      assert.ok(found.rooms.includes("members"));
    } finally {
      s.disconnect();
      await assertNoClients(fixture);
      await fixture.close();
    }
  });
});
