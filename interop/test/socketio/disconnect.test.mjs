// Disconnections between socket.io-client 4.8 and the Java server (scenario "main"), with the
// reasons each side reports: the client leaving (client namespace disconnect / io client
// disconnect), the server's socket.disconnect() (server namespace disconnect / io server
// disconnect, no reconnection), disconnect(true) closing every namespace and the connection,
// the client closing its connection (transport close), and io.close() (server shutting down on
// the server; the client sees its transport close and tries to reconnect).
//
// Parsers: json, msgpack

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  TRANSPORTS, createSocketIo, connect, managerOn, connectVia, nextEvent, onTransport, scenarioSuite,
} from "./support.mjs";

const suite = scenarioSuite("main");

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    async function client(nsp = "/", opts = {}) {
      const c = await connect(suite.server, nsp, { ...t.options, ...opts });
      suite.sockets.push(c);
      return c;
    }

    test("socket.disconnect() on the client: client namespace disconnect on the server", async () => {
      const s = await client();
      const id = s.id;
      const gone = nextEvent(s, "disconnect");
      s.disconnect();
      assert.equal((await gone)[0], "io client disconnect");
      assert.ok(s.wire.sent.includes("41"), "the client sent DISCONNECT");
      const disconnecting = await suite.server.logged({ type: "disconnecting", id });
      const disconnect = await suite.server.logged({ type: "disconnect", id });
      assert.equal(disconnecting.reason, "client namespace disconnect");
      assert.equal(disconnect.reason, "client namespace disconnect");
    });

    test("leaving one namespace keeps the connection and the other namespace", async () => {
      const manager = managerOn(suite.server, t.options);
      const root = await connectVia(manager, "/");
      const admin = await connectVia(manager, "/admin");
      suite.sockets.push(root, admin);
      const adminId = admin.id;
      admin.disconnect();
      assert.equal((await suite.server.logged({ type: "disconnect", id: adminId })).reason, "client namespace disconnect");
      assert.ok(manager.__wire.sent.includes("41/admin,"));
      assert.equal(await suite.server.clientsCount(), 1);
      assert.equal(await root.emitWithAck("ack", "root stays"), "root stays");
    });

    test("socket.disconnect() on the server: io server disconnect on the client, no reconnection", async () => {
      const s = await client("/", { reconnection: true, reconnectionDelay: 50 });
      const id = s.id;
      const gone = nextEvent(s, "disconnect");
      s.emit("disconnect-me", false);
      assert.equal((await gone)[0], "io server disconnect");
      await s.wire.waitFor((m) => m === "41");
      assert.equal((await suite.server.logged({ type: "disconnect", id })).reason, "server namespace disconnect");
      assert.equal(s.active, false, "a socket the server disconnected does not reconnect by itself");
    });

    test("socket.disconnect() in a namespace sends 41/admin, and the root socket stays", async () => {
      const manager = managerOn(suite.server, t.options);
      const root = await connectVia(manager, "/");
      const admin = await connectVia(manager, "/admin");
      suite.sockets.push(root, admin);
      const adminId = admin.id;
      const gone = nextEvent(admin, "disconnect");
      await suite.server.disconnectSocket({ nsp: "/admin", id: adminId });
      assert.equal((await gone)[0], "io server disconnect");
      await manager.__wire.waitFor((m) => m === "41/admin,");
      assert.equal((await suite.server.logged({ type: "disconnect", id: adminId })).reason, "server namespace disconnect");
      assert.equal(await root.emitWithAck("ack", "root stays"), "root stays");
      assert.equal(await suite.server.clientsCount(), 1);
    });

    test("disconnect(true): every namespace of the client gets DISCONNECT, then the connection closes", async () => {
      const manager = managerOn(suite.server, t.options);
      const root = await connectVia(manager, "/");
      const admin = await connectVia(manager, "/admin");
      suite.sockets.push(root, admin);
      const [rootId, adminId, engineId] = [root.id, admin.id, manager.engine.id];
      const rootGone = nextEvent(root, "disconnect");
      const adminGone = nextEvent(admin, "disconnect");
      root.emit("disconnect-me", true);
      assert.equal((await rootGone)[0], "io server disconnect");
      assert.equal((await adminGone)[0], "io server disconnect");
      for (const id of [rootId, adminId]) {
        assert.equal((await suite.server.logged({ type: "disconnect", id })).reason, "server namespace disconnect");
      }
      const texts = manager.__wire.texts();
      assert.ok(texts.includes("41") && texts.includes("41/admin,"), `DISCONNECT for both: ${texts.join(" | ")}`);
      // The server closes the connection right after the DISCONNECT packets. Over polling these
      // wait for the client's next GET, and the client, left without a socket, may close first.
      const closed = (await suite.server.sessionClosed(engineId)).closeReason;
      const reasons = t.first === "polling" ? ["forced close", "transport close"] : ["forced close"];
      assert.ok(reasons.includes(closed), `session closed with ${closed}, expected one of ${reasons}`);
    });

    test("the client closing its connection: transport close on the server, and the client reconnects", async () => {
      const s = await client("/", { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 50 });
      const [id, engineId] = [s.id, s.io.engine.id];
      const gone = nextEvent(s, "disconnect");
      const back = nextEvent(s, "connect", { timeout: 5000 });
      s.io.engine.close();
      assert.equal((await gone)[0], "forced close", "the client's reason for its own engine close");
      assert.equal((await suite.server.logged({ type: "disconnect", id })).reason, "transport close");
      assert.equal((await suite.server.sessionClosed(engineId)).closeReason, "transport close");
      await back;
      assert.notEqual(s.id, id, "a new socket after reconnection (no recovery configured)");
      assert.ok(!s.recovered, "not recovered");
    });
  });
}

describe("io.close()", () => {
  for (const t of TRANSPORTS) {
    test(`${t.name}: server shutting down on the server; the client sees transport close and tries to reconnect`, async () => {
      const fixture = await createSocketIo("main");
      const manager = managerOn(fixture, { ...t.options, reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 100 });
      const root = await connectVia(manager, "/");
      const admin = await connectVia(manager, "/admin");
      await onTransport(root, t.final);
      const ids = [root.id, admin.id];
      const rootGone = nextEvent(root, "disconnect");
      const adminGone = nextEvent(admin, "disconnect");
      const attempt = nextEvent(manager, "reconnect_attempt", { timeout: 5000 });
      try {
        const closed = await fixture.close();
        for (const id of ids) {
          const d = closed.log.find((e) => e.type === "disconnect" && e.id === id);
          assert.ok(d, `the server logged the disconnection of ${id}`);
          assert.equal(d.reason, "server shutting down");
          const ing = closed.log.find((e) => e.type === "disconnecting" && e.id === id);
          assert.equal(ing.reason, "server shutting down");
        }
        assert.deepEqual(Object.values(closed.sessions), ["forced close"], "the one Engine.IO session was closed by the server");
        // Over polling the client gets the close packet "1" only if its next GET is already
        // pending when the server closes; if the server got there first the GET fails, and the
        // client (with Node's server just as well) reports a transport error.
        const expected = t.final === "polling" ? ["transport close", "transport error"] : ["transport close"];
        for (const gone of [rootGone, adminGone]) {
          const [reason] = await gone;
          assert.ok(expected.includes(reason), `client reason ${reason}, expected one of ${expected}`);
        }
        assert.equal(root.active, true, "the client keeps trying to reconnect");
        await attempt;
      } finally {
        root.disconnect();
        admin.disconnect();
      }
    });
  }
});
