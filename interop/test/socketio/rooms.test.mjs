// Rooms and broadcasts with three socket.io-client 4.8 clients on the Java server (scenario
// "main"): to, except, socket.broadcast, the union of several rooms, the socket's own room,
// io.in().socketsJoin/socketsLeave/disconnectSockets, fetchSockets with data and rooms, and room
// membership around a disconnection. Each broadcast is followed by a "marker" event to everyone:
// what a client received before its marker is all it will receive from that broadcast.
//
// Parsers: json, msgpack

import { describe, test, beforeEach } from "node:test";
import assert from "node:assert/strict";
import {
  TRANSPORTS, connect, Inbox, nextEvent, scenarioSuite,
} from "./support.mjs";

const suite = scenarioSuite("main");

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    /** A in r1; B in r1 and r2; C in r2. */
    let A;
    let B;
    let C;
    const inbox = new Map();

    async function client(nsp = "/") {
      const c = await connect(suite.server, nsp, t.options);
      suite.sockets.push(c);
      inbox.set(c, new Inbox(c, "*"));
      return c;
    }

    beforeEach(async () => {
      [A, B, C] = await Promise.all([client(), client(), client()]);
      assert.deepEqual(await A.emitWithAck("join", "r1"), [A.id, "r1"]);
      assert.deepEqual(await B.emitWithAck("join", ["r1", "r2"]), [B.id, "r1", "r2"]);
      assert.deepEqual(await C.emitWithAck("join", "r2"), [C.id, "r2"]);
    });

    /**
     * Runs the broadcasts, then a marker to every socket, and checks what each client got
     * before its marker: `expected` maps a client to its list of [event, ...args].
     */
    async function expectDeliveries(broadcasts, expected) {
      for (const b of broadcasts) await suite.server.emit(b);
      await suite.server.emit({ event: "marker" });
      for (const [c, events] of expected) {
        const got = (await inbox.get(c).untilMarker()).slice(0, -1);
        assert.deepEqual(got, events, `client ${[A, B, C].indexOf(c) >= 0 ? "ABC"[[A, B, C].indexOf(c)] : c.id}`);
      }
    }

    test("to(room) reaches the members only", async () => {
      await expectDeliveries([{ to: ["r1"], event: "news", args: ["r1"] }], [
        [A, [["news", "r1"]]], [B, [["news", "r1"]]], [C, []],
      ]);
    });

    test("to(several rooms) reaches their union, each socket once", async () => {
      await expectDeliveries([{ to: ["r1", "r2"], event: "news", args: [1] }], [
        [A, [["news", 1]]], [B, [["news", 1]]], [C, [["news", 1]]],
      ]);
    });

    test("except(room) leaves out every member; to().except() combines", async () => {
      await expectDeliveries([
        { except: ["r2"], event: "news", args: ["not r2"] },
        { to: ["r1"], except: ["r2"], event: "news", args: ["r1 not r2"] },
      ], [
        [A, [["news", "not r2"], ["news", "r1 not r2"]]], [B, []], [C, []],
      ]);
    });

    test("socket.broadcast reaches every other socket; with to/except it stays without the sender", async () => {
      await expectDeliveries([
        { from: A.id, event: "news", args: ["from A"] },
        { from: A.id, to: ["r1"], event: "news", args: ["A to r1"] },
        { from: A.id, except: ["r2"], event: "news", args: ["A except r2"] },
        { from: B.id, to: ["r1", "r2"], event: "news", args: ["B to r1+r2"] },
      ], [
        [A, [["news", "B to r1+r2"]]],
        [B, [["news", "from A"], ["news", "A to r1"]]],
        [C, [["news", "from A"], ["news", "B to r1+r2"]]],
      ]);
    });

    test("every socket is in a room named by its id", async () => {
      await expectDeliveries([{ to: [C.id], event: "private", args: ["for C"] }], [
        [A, []], [B, []], [C, [["private", "for C"]]],
      ]);
    });

    test("io.emit reaches every socket of the namespace and none of another namespace", async () => {
      const admin = await client("/admin");
      await expectDeliveries([{ event: "all", args: [] }], [[A, [["all"]]], [B, [["all"]]], [C, [["all"]]]]);
      await suite.server.emit({ nsp: "/admin", event: "marker" });
      assert.deepEqual(await inbox.get(admin).untilMarker(), [["marker"]]);
    });

    test("leave(room) stops deliveries to that room", async () => {
      assert.deepEqual(await B.emitWithAck("leave", "r1"), [B.id, "r2"]);
      await expectDeliveries([{ to: ["r1"], event: "news", args: [] }], [[A, [["news"]]], [B, []], [C, []]]);
    });

    test("io.in(room).socketsJoin / socketsLeave change the rooms of the sockets in it", async () => {
      await suite.server.socketsJoin({ to: [A.id, C.id], rooms: ["r3", "r4"] });
      assert.deepEqual(await A.emitWithAck("rooms"), [A.id, "r1", "r3", "r4"]);
      assert.deepEqual(await C.emitWithAck("rooms"), [C.id, "r2", "r3", "r4"]);
      await expectDeliveries([{ to: ["r3"], event: "news", args: ["r3"] }], [[A, [["news", "r3"]]], [B, []], [C, [["news", "r3"]]]]);
      await suite.server.socketsLeave({ to: ["r2"], rooms: ["r3"] });
      assert.deepEqual(await C.emitWithAck("rooms"), [C.id, "r2", "r4"]);
      assert.deepEqual(await A.emitWithAck("rooms"), [A.id, "r1", "r3", "r4"], "A is not in r2: unchanged");
      await suite.server.socketsJoin({ rooms: "everyone" });
      await expectDeliveries([{ to: ["everyone"], event: "e" }], [[A, [["e"]]], [B, [["e"]]], [C, [["e"]]]]);
    });

    test("fetchSockets returns the targeted sockets with their data, rooms and handshake", async () => {
      await A.emitWithAck("set-data", { name: "alice", tags: ["x"] });
      await B.emitWithAck("set-data", { name: "bob" });
      const found = await suite.server.fetchSockets({ to: ["r1"] });
      found.sort((x, y) => (x.id === A.id ? -1 : y.id === A.id ? 1 : 0));
      assert.deepEqual(found.map((f) => f.id), [A.id, B.id]);
      assert.deepEqual(found[0].rooms, [A.id, "r1"]);
      assert.deepEqual(found[0].data, { name: "alice", tags: ["x"] });
      assert.deepEqual(found[1].rooms, [B.id, "r1", "r2"]);
      assert.deepEqual(found[1].data, { name: "bob" });
      assert.equal(found[0].handshake.query.EIO, "4");
      assert.deepEqual(found[0].handshake.auth, {});
      const all = await suite.server.fetchSockets();
      assert.deepEqual(new Set(all.map((f) => f.id)), new Set([A.id, B.id, C.id]));
      assert.equal(all.find((f) => f.id === C.id).data, null, "no data set: null");
      assert.deepEqual(await suite.server.fetchSockets({ to: ["r1"], except: ["r2"] }).then((l) => l.map((f) => f.id)), [A.id]);
    });

    test("io.in(room).disconnectSockets() disconnects the members (io server disconnect) and no one else", async () => {
      const ids = [B.id, C.id];
      const bGone = nextEvent(B, "disconnect");
      const cGone = nextEvent(C, "disconnect");
      await suite.server.disconnectSockets({ to: ["r2"] });
      assert.equal((await bGone)[0], "io server disconnect");
      assert.equal((await cGone)[0], "io server disconnect");
      for (const id of ids) {
        assert.equal((await suite.server.logged({ type: "disconnect", id })).reason, "server namespace disconnect");
      }
      assert.equal(B.active, false, "a client disconnected by the server does not reconnect");
      assert.equal(A.connected, true);
      assert.equal(await A.emitWithAck("ack", "A stays"), "A stays");
    });

    test("disconnectSockets(true) also closes the members' connections", async () => {
      const engineId = A.io.engine.id;
      const id = A.id;
      const gone = nextEvent(A, "disconnect");
      await suite.server.disconnectSockets({ to: [id], close: true });
      assert.equal((await gone)[0], "io server disconnect");
      assert.equal((await suite.server.logged({ type: "disconnect", id })).reason, "server namespace disconnect");
      // The server closes the connection right after the DISCONNECT packets. Over polling these
      // wait for the client's next GET, and the client, left without a socket, may close first.
      const closed = (await suite.server.sessionClosed(engineId)).closeReason;
      const reasons = t.first === "polling" ? ["forced close", "transport close"] : ["forced close"];
      assert.ok(reasons.includes(closed), `session closed with ${closed}, expected one of ${reasons}`);
      assert.equal(await B.emitWithAck("ack", "B stays"), "B stays");
    });

    test("a disconnecting socket is still in its rooms; once disconnected it is in none", async () => {
      const id = B.id;
      B.disconnect();
      const disconnecting = await suite.server.logged({ type: "disconnecting", id });
      assert.deepEqual(disconnecting.rooms, [id, "r1", "r2"]);
      assert.equal(disconnecting.reason, "client namespace disconnect");
      const disconnect = await suite.server.logged({ type: "disconnect", id });
      assert.deepEqual(disconnect.rooms, []);
      assert.ok(disconnect.seq > disconnecting.seq);
      assert.deepEqual((await suite.server.fetchSockets({ to: ["r1"] })).map((f) => f.id), [A.id]);
      await expectDeliveries([{ to: ["r2"], event: "news" }], [[A, []], [C, [["news"]]]]);
    });
  });
}
