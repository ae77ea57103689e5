// Catch-all listeners with socket.io-client 4.8 and the Java server (scenario "main", whose
// sockets log every incoming event from socket.onAny and every outgoing one from
// socket.onAnyOutgoing): what they see, in order, including binary arguments, emits and
// broadcasts, and what they must not see (acknowledgements); plus the client's own onAny and
// onAnyOutgoing fed by the server's frames.
//
// Parsers: json, msgpack

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  TRANSPORTS, connect, Inbox, scenarioSuite,
} from "./support.mjs";

const suite = scenarioSuite("main");

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    async function client() {
      const c = await connect(suite.server, "/", t.options);
      suite.sockets.push(c);
      return c;
    }

    test("onAny sees every incoming event with its arguments, in order, before its handler", async () => {
      const s = await client();
      const inbox = new Inbox(s, "echo");
      s.emit("no-handler", 1, { two: 2 });
      assert.equal(await s.emitWithAck("ack", "with ack"), "with ack");
      s.emit("echo", Buffer.from([1, 2]), "bin");
      await inbox.next();
      const any = await suite.server.awaitLog({ type: "any", id: s.id }, { count: 3 });
      assert.deepEqual(any.map((e) => [e.event, e.args]), [
        ["no-handler", [1, { two: 2 }]],
        ["ack", ["with ack"]],
        ["echo", [Buffer.from([1, 2]), "bin"]],
      ]);
    });

    test("onAnyOutgoing sees the socket's emits and the broadcasts reaching it, not the acks", async () => {
      const s = await client();
      s.on("question", (cb) => cb("answer"));
      const inbox = new Inbox(s, "*");
      assert.equal(await s.emitWithAck("ack", "acks are not events"), "acks are not events");
      s.emit("echo", "back");
      assert.deepEqual(await inbox.next(), ["echo", "back"]);
      await suite.server.emit({ event: "news", args: [{ n: 1 }] });
      assert.deepEqual(await inbox.next(), ["news", { n: 1 }]);
      assert.deepEqual(await suite.server.emit({ socket: s.id, event: "question", ack: true, timeout: 5000 }), { ack: ["answer"] });
      assert.equal((await inbox.next())[0], "question");
      await suite.server.emit({ socket: s.id, event: "bin", args: [Buffer.from([3])] });
      assert.deepEqual(await inbox.next(), ["bin", Buffer.from([3])]);
      const out = await suite.server.awaitLog({ type: "anyOutgoing", id: s.id }, { count: 4 });
      assert.deepEqual(out.map((e) => [e.event, e.args]), [
        ["echo", ["back"]],
        ["news", [{ n: 1 }]],
        ["question", []],
        ["bin", [Buffer.from([3])]],
      ]);
    });

    test("a broadcast notifies the outgoing listeners of the sockets it reaches only", async () => {
      const a = await client();
      const b = await client();
      await a.emitWithAck("join", "only-a");
      const ia = new Inbox(a, "*");
      await suite.server.emit({ to: ["only-a"], event: "room-news" });
      await suite.server.emit({ event: "all-news" });
      assert.deepEqual(await ia.take(2), [["room-news"], ["all-news"]]);
      await suite.server.awaitLog({ type: "anyOutgoing", id: b.id, event: "all-news" });
      const bOut = (await suite.server.log()).filter((e) => e.type === "anyOutgoing" && e.id === b.id).map((e) => e.event);
      assert.deepEqual(bOut, ["all-news"]);
    });

    test("the client's onAny and onAnyOutgoing see the frames of the Java server", async () => {
      const s = await client();
      const incoming = [];
      const outgoing = [];
      s.onAny((event, ...args) => incoming.push([event, ...args]));
      s.onAnyOutgoing((event, ...args) => outgoing.push([event, ...args]));
      const inbox = new Inbox(s, "hey");
      s.emit("hey", "there", 1);
      await inbox.next();
      assert.deepEqual(incoming, [["hey", "there", 1]]);
      assert.deepEqual(outgoing, [["hey", "there", 1]]);
    });
  });
}
