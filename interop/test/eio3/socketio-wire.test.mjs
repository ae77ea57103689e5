// Socket.IO protocol 4 (the v2 clients' revision) on the wire, with a raw WebSocket speaking
// Engine.IO 3 to the Java server with allowEIO3: the server joins the client to "/" unasked and
// says so with a bare `40`, a CONNECT is answered without data and may carry a query as auth, a
// refusal is the error's data or its message alone, and binary attachments travel as binary
// frames with the Engine.IO 3 type byte. Protocol 4 and 5 clients share one server.

import { describe, test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { createSocketIo } from "../socketio/support.mjs";
import { RawWebSocket } from "../raw.mjs";

const WS = "EIO=3&transport=websocket";

for (const scenario of ["main", "middleware"]) {
  describe(`scenario ${scenario}`, () => {
    let server;
    let sockets = [];

    function webSocket(query = WS) {
      const ws = RawWebSocket.to(server, query);
      sockets.push(ws);
      return ws;
    }

    before(async () => {
      server = await createSocketIo(scenario, { allowEIO3: true });
    });

    afterEach(async () => {
      for (const ws of sockets) await ws.close();
      sockets = [];
      assert.equal(await server.clientsCount({ equals: 0 }), 0);
    });

    after(async () => {
      await server?.close();
    });

    if (scenario === "main") {
      test("the server sends 40 right after the open packet, unasked, and the socket id is the Engine.IO id", async () => {
        const ws = webSocket();
        const { sid } = await ws.handshake();
        assert.equal(await ws.next(), "40");
        const entry = await server.logged({ type: "connection", id: sid });
        assert.equal(entry.nsp, "/");
      });

      test("an event, its ack and a namespace: 40/admin, is answered 40/admin, without data", async () => {
        const ws = webSocket();
        const { sid } = await ws.handshake();
        assert.equal(await ws.next(), "40");
        ws.send('42["echo","x",1]');
        assert.equal(await ws.next(), '42["echo","x",1]');
        ws.send('423["ack",{"a":[1]}]');
        assert.equal(await ws.next(), '433[{"a":[1]}]');
        ws.send("40/admin?token=abc,");
        assert.equal(await ws.next(), "40/admin,");
        const entry = await server.logged({ type: "connection", id: `/admin#${sid}` });
        assert.deepEqual(entry.auth, { token: "abc" });
        ws.send('42/admin,7["ack","in admin"]');
        assert.equal(await ws.next(), '43/admin,7["in admin"]');
      });

      test("a binary event's attachment comes in and goes out as a binary frame with the type byte 4", async () => {
        const ws = webSocket();
        await ws.handshake();
        assert.equal(await ws.next(), "40");
        ws.send('451-5["ack",{"_placeholder":true,"num":0}]');
        ws.send(Uint8Array.from([4, 1, 2, 3]));
        assert.equal(await ws.next(), '461-5[{"_placeholder":true,"num":0}]');
        assert.deepEqual(await ws.next(), Buffer.from([4, 1, 2, 3]));
      });

      test("a CONNECT to an unknown namespace is refused as in protocol 5: 44/nope,{\"message\":\"Invalid namespace\"}", async () => {
        const ws = webSocket();
        await ws.handshake();
        assert.equal(await ws.next(), "40");
        ws.send("40/nope,");
        assert.equal(await ws.next(), '44/nope,{"message":"Invalid namespace"}');
      });

      test("a protocol 5 client on the same server still gets its CONNECT reply with a sid", async () => {
        const ws = webSocket("EIO=4&transport=websocket");
        await ws.handshake();
        ws.send("40");
        assert.match(await ws.next(), /^40\{"sid":"[\w-]{20}"\}$/);
      });
    } else {
      test("a refused implicit connection to / gets the error's data alone: 44{\"code\":401,\"reason\":\"no token\"}", async () => {
        const ws = webSocket();
        await ws.handshake();
        assert.equal(await ws.next(), '44{"code":401,"reason":"no token"}');
      });

      test("a refusal without data is the message as a JSON string, with data the data", async () => {
        const ws = webSocket();
        await ws.handshake();
        assert.equal(await ws.next(), '44{"code":401,"reason":"no token"}');
        ws.send("40/throwing,");
        assert.equal(await ws.next(), '44/throwing,"middleware threw"');
        ws.send("40/async?deny=true,");
        assert.equal(await ws.next(), '44/async,{"later":true}');
        ws.send("40/open,");
        assert.equal(await ws.next(), "40/open,");
      });
    }
  });
}
