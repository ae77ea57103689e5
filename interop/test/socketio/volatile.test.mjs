// Volatile emits (socket.volatile / io.volatile) from the Java server (scenario "main") to
// socket.io-client 4.8. Only what is deterministic is asserted: a volatile packet reaches an
// idle WebSocket client; it is dropped for a polling client that has no poll pending (the client's
// polling transport is paused, as it is during an upgrade), while a normal packet sent then waits
// for the next poll; a burst of volatile packets arrives in order, without duplicates, possibly
// thinned, and never after a normal packet sent after it.
//
// Parsers: json, msgpack

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  TRANSPORTS, connect, Inbox, onTransport, nextEvent, scenarioSuite,
} from "./support.mjs";

const suite = scenarioSuite("main");

async function client(options) {
  const c = await connect(suite.server, "/", options);
  suite.sockets.push(c);
  return c;
}

for (const t of TRANSPORTS.filter((x) => x.final === "websocket")) {
  describe(t.name, () => {
    test("a volatile emit to an idle WebSocket client is delivered", async () => {
      const s = await client(t.options);
      await onTransport(s, "websocket");
      // The client switches on sending its upgrade packet; the server, on reading it. An answer
      // over the WebSocket comes after that read, so the server's transport is the WebSocket too.
      assert.equal(await s.emitWithAck("ack", "upgraded"), "upgraded");
      const inbox = new Inbox(s, "*");
      await suite.server.emit({ socket: s.id, volatile: true, event: "v", args: [1] });
      await suite.server.emit({ volatile: true, event: "v", args: [2] });
      assert.deepEqual(await inbox.take(2), [["v", 1], ["v", 2]]);
    });
  });
}

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    test("a burst of volatile emits arrives in order, without duplicates, before a later normal emit", async () => {
      const s = await client(t.options);
      await onTransport(s, t.final);
      const inbox = new Inbox(s, "*");
      for (let i = 0; i < 50; i++) await suite.server.emit({ socket: s.id, volatile: true, event: "v", args: [i] });
      for (let i = 50; i < 100; i++) await suite.server.emit({ volatile: true, event: "v", args: [i] });
      await suite.server.emit({ socket: s.id, event: "marker" });
      const got = await inbox.untilMarker();
      const values = got.slice(0, -1).map(([event, n]) => {
        assert.equal(event, "v");
        return n;
      });
      assert.deepEqual(values, [...values].sort((x, y) => x - y), "in order");
      assert.equal(new Set(values).size, values.length, "no duplicates");
      assert.ok(values.every((n) => n >= 0 && n < 100));
    });
  });
}

describe("polling", () => {
  test("with no poll pending a volatile emit is dropped and a normal one waits for the next poll", async () => {
    const s = await client({ transports: ["polling"] });
    const inbox = new Inbox(s, "*");
    const transport = s.io.engine.transport;
    assert.equal(transport.name, "polling");
    // Pause polling: the pending GET is answered by the next packet, and no new GET follows.
    const paused = new Promise((resolve) => transport.pause(resolve));
    await suite.server.emit({ socket: s.id, event: "flush", args: [] });
    await paused;
    assert.deepEqual(await inbox.next(), ["flush"]);
    assert.equal(transport.readyState, "paused");

    await suite.server.emit({ socket: s.id, volatile: true, event: "dropped", args: ["socket.volatile"] });
    await suite.server.emit({ volatile: true, event: "dropped", args: ["io.volatile"] });
    await suite.server.emit({ socket: s.id, event: "kept", args: [1] });
    await suite.server.emit({ event: "kept", args: [2] });

    // Resume polling (what the transport does on its own after a pause that led nowhere).
    transport.readyState = "open";
    const polled = nextEvent(transport, "pollComplete");
    transport._poll();
    await polled;
    assert.deepEqual(await inbox.take(2), [["kept", 1], ["kept", 2]]);
    await suite.server.emit({ socket: s.id, event: "marker" });
    assert.deepEqual(await inbox.untilMarker(), [["marker"]], "the volatile packets never came");
  });
});
