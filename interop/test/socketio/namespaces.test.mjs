// Namespaces with socket.io-client 4.8 and the Java server (scenario "namespaces"): the static
// /admin, dynamic namespaces by pattern (^/dyn-\d+$, with a parent middleware), by predicate
// (/pred-* with auth.allow) and by an asynchronous matcher (/async-*); "Invalid namespace"
// CONNECT_ERRORs that leave the connection open; broadcasts from a parent reaching every child;
// new_namespace; and cleanupEmptyChildNamespaces removing (then recreating) an emptied child.
//
// Parsers: json, msgpack

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  TRANSPORTS, createSocketIo, connect, socketOn, managerOn, connectVia, disconnectAll, assertNoClients, Inbox,
  refused, scenarioSuite,
} from "./support.mjs";

const suite = scenarioSuite("namespaces");

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    async function client(nsp, opts = {}) {
      const c = await connect(suite.server, nsp, { ...t.options, ...opts });
      suite.sockets.push(c);
      return c;
    }

    test("a static namespace: its own sockets, events and broadcasts", async () => {
      const admin = await client("/admin");
      const root = await client("/");
      assert.equal((await admin.emitWithAck("handshake")).nsp, "/admin");
      const ia = new Inbox(admin, "*");
      const ir = new Inbox(root, "*");
      await suite.server.emit({ nsp: "/admin", event: "admin-only" });
      await suite.server.emit({ nsp: "/admin", event: "marker" });
      await suite.server.emit({ event: "marker" });
      assert.deepEqual(await ia.untilMarker(), [["admin-only"], ["marker"]]);
      assert.deepEqual(await ir.untilMarker(), [["marker"]]);
    });

    test("a dynamic namespace by pattern is created on the first CONNECT, with the parent's middleware and handlers", async () => {
      const s = await client("/dyn-1");
      assert.equal((await s.emitWithAck("handshake")).nsp, "/dyn-1");
      assert.ok(s.wire.texts().includes(`40/dyn-1,{"sid":"${s.id}"}`));
      await suite.server.logged({ type: "parent-middleware", id: s.id, nsp: "/dyn-1" });
      await suite.server.logged({ type: "new_namespace", nsp: "/dyn-1" });
      assert.ok((await suite.server.namespaces()).includes("/dyn-1"));
      assert.equal(await s.emitWithAck("ack", "dyn"), "dyn");
    });

    test("a name the pattern does not match is an Invalid namespace", async () => {
      const s = socketOn(suite.server, "/dyn-x", t.options);
      suite.sockets.push(s);
      const err = await refused(s);
      assert.equal(err.message, "Invalid namespace");
      assert.equal(err.data, undefined);
      await s.wire.waitFor((m) => m === '44/dyn-x,{"message":"Invalid namespace"}');
    });

    test("a dynamic namespace by predicate sees the CONNECT auth", async () => {
      const ok = await client("/pred-a", { auth: { allow: true } });
      assert.equal((await ok.emitWithAck("handshake")).nsp, "/pred-a");
      const no = socketOn(suite.server, "/pred-b", { ...t.options, auth: { allow: false } });
      suite.sockets.push(no);
      assert.equal((await refused(no)).message, "Invalid namespace");
    });

    test("a dynamic namespace by an asynchronous matcher", async () => {
      const s = await client("/async-7");
      assert.equal((await s.emitWithAck("handshake")).nsp, "/async-7");
    });

    test("Invalid namespace leaves the connection open for the client's other namespaces", async () => {
      const manager = managerOn(suite.server, t.options);
      const root = await connectVia(manager, "/");
      suite.sockets.push(root);
      const random = manager.socket("/random");
      suite.sockets.push(random);
      const err = await refused(random);
      assert.equal(err.message, "Invalid namespace");
      await manager.__wire.waitFor((m) => m === '44/random,{"message":"Invalid namespace"}');
      assert.equal(await root.emitWithAck("ack", "still open"), "still open");
      assert.equal(await suite.server.clientsCount(), 1);
      const admin = await connectVia(manager, "/admin");
      suite.sockets.push(admin);
      assert.equal(await suite.server.clientsCount(), 1, "one connection for all of it");
    });

    test("a broadcast from the parent reaches every child namespace and nothing else", async () => {
      const d1 = await client("/dyn-1");
      const d2 = await client("/dyn-22");
      const root = await client("/");
      const i1 = new Inbox(d1, "*");
      const i2 = new Inbox(d2, "*");
      const ir = new Inbox(root, "*");
      await suite.server.emit({ parent: "dyn", event: "to-all-dyn", args: [1, { b: Buffer.from([1]) }] });
      await suite.server.emit({ nsp: "/dyn-1", event: "marker" });
      await suite.server.emit({ nsp: "/dyn-22", event: "marker" });
      await suite.server.emit({ event: "marker" });
      assert.deepEqual(await i1.untilMarker(), [["to-all-dyn", 1, { b: Buffer.from([1]) }], ["marker"]]);
      assert.deepEqual(await i2.untilMarker(), [["to-all-dyn", 1, { b: Buffer.from([1]) }], ["marker"]]);
      assert.deepEqual(await ir.untilMarker(), [["marker"]]);
      await d1.wire.waitFor((m) => m === '451-/dyn-1,["to-all-dyn",1,{"b":{"_placeholder":true,"num":0}}]');
    });

    test("fetchSockets on a parent namespace is refused; on a child it works", async () => {
      const d = await client("/dyn-3");
      await assert.rejects(suite.server.fetchSockets({ parent: "dyn" }), /fetchSockets\(\) is not supported on parent namespaces/);
      assert.deepEqual((await suite.server.fetchSockets({ nsp: "/dyn-3" })).map((f) => f.id), [d.id]);
    });
  });
}

describe("children are kept unless cleanupEmptyChildNamespaces", () => {
  test("without the option an emptied child stays", async () => {
    const s = await connect(suite.server, "/dyn-40", { transports: ["websocket"] });
    const id = s.id;
    s.disconnect();
    await suite.server.logged({ type: "disconnect", id });
    assert.ok((await suite.server.namespaces()).includes("/dyn-40"));
  });

  for (const t of TRANSPORTS) {
    test(`${t.name}: with cleanupEmptyChildNamespaces the child goes with its last socket and comes back`, async () => {
      const fixture = await createSocketIo("namespaces", { cleanupEmptyChildNamespaces: true });
      const opened = [];
      try {
        const a = await connect(fixture, "/dyn-7", t.options);
        const b = await connect(fixture, "/dyn-7", t.options);
        opened.push(a, b);
        await fixture.logged({ type: "new_namespace", nsp: "/dyn-7" });
        const aId = a.id;
        a.disconnect();
        await fixture.logged({ type: "disconnect", id: aId });
        assert.ok((await fixture.namespaces()).includes("/dyn-7"), "still one socket: the child stays");
        b.disconnect();
        assert.ok(!(await fixture.namespaces({ absent: "/dyn-7", timeout: 5000 })).includes("/dyn-7"), "emptied: removed");
        const c = await connect(fixture, "/dyn-7", t.options);
        opened.push(c);
        assert.equal(await c.emitWithAck("ack", "again"), "again");
        await fixture.awaitLog({ type: "new_namespace", nsp: "/dyn-7" }, { count: 2 });
        assert.ok((await fixture.namespaces()).includes("/dyn-7"));
        const static_ = await connect(fixture, "/admin", t.options);
        opened.push(static_);
        const staticId = static_.id;
        static_.disconnect();
        await fixture.logged({ type: "disconnect", id: staticId });
        assert.ok((await fixture.namespaces()).includes("/admin"), "a static namespace is never cleaned up");
      } finally {
        disconnectAll(opened);
        await assertNoClients(fixture);
        await fixture.close();
      }
    });
  }
});
