// socket.io-client 4.8 connecting to the Java Socket.IO server (scenario "main"): the CONNECT
// handshake on the wire, the socket id, and what the server's socket.handshake holds (auth, query,
// headers, address, url...), over each transport setup.
//
// Parsers: json, msgpack

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  TRANSPORTS, connect, socketOn, connected, managerOn, connectVia, onTransport, scenarioSuite,
} from "./support.mjs";

const SID = /^[A-Za-z0-9_-]{20}$/;
const suite = scenarioSuite("main");

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    test("CONNECT is answered with exactly {\"sid\"}: a fresh id that is not the Engine.IO sid", async () => {
      const s = await connect(suite.server, "/", t.options);
      suite.sockets.push(s);
      assert.match(s.id, SID);
      assert.notEqual(s.id, s.io.engine.id, "the socket id must not be the engine sid (a credential)");
      assert.equal(s.wire.sent.find((m) => typeof m === "string" && m.startsWith("40")), "40");
      assert.equal(s.wire.texts()[0], `40{"sid":"${s.id}"}`);
      const entry = await suite.server.logged({ type: "connection", id: s.id });
      assert.equal(entry.nsp, "/");
      assert.equal(entry.recovered, false);
      assert.deepEqual(entry.rooms, [s.id], "a new socket is in its own room only");
      await onTransport(s, t.final);
    });

    test("the server's handshake holds the client's auth, query and headers", async () => {
      const auth = { token: "123", nested: { list: [1, "two", null], ok: true } };
      const s = await connect(suite.server, "/", {
        ...t.options,
        auth,
        query: { foo: "bar", n: "1" },
        extraHeaders: { "x-custom": "yes" },
      });
      suite.sockets.push(s);
      const before = Date.now();
      const h = await s.emitWithAck("handshake");
      assert.equal(h.id, s.id);
      assert.equal(h.nsp, "/");
      assert.equal(h.engineId, s.io.engine.id);
      assert.equal(h.recovered, false);
      const hs = h.handshake;
      assert.deepEqual(Object.keys(hs), ["headers", "time", "address", "xdomain", "secure", "issued", "url", "query", "auth"]);
      assert.deepEqual(hs.auth, auth, "handshake.auth is the CONNECT payload, key order kept");
      assert.equal(hs.query.foo, "bar");
      assert.equal(hs.query.n, "1");
      assert.equal(hs.query.EIO, "4");
      assert.equal(hs.query.transport, t.first);
      assert.equal(hs.headers["x-custom"], "yes", "custom header of the first request");
      assert.equal(hs.headers.host, `127.0.0.1:${suite.server.port}`);
      assert.match(hs.address, /127\.0\.0\.1$/);
      assert.equal(hs.xdomain, false, "no Origin header from a Node client");
      assert.equal(hs.secure, false);
      assert.match(hs.url, new RegExp(`^/socket\\.io/\\?.*EIO=4.*transport=${t.first}`));
      assert.match(hs.url, /foo=bar/);
      assert.ok(Math.abs(hs.issued - before) < 10_000, `issued ${hs.issued} is about now (${before})`);
      assert.match(hs.time, /^[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{4} \d{2}:\d{2}:\d{2} GMT[+-]\d{4} \(.+\)$/);
      await onTransport(s, t.final);
    });

    test("without auth the server's handshake.auth is {} and the client sent a bare 40", async () => {
      const s = await connect(suite.server, "/", t.options);
      suite.sockets.push(s);
      const h = await s.emitWithAck("handshake");
      assert.deepEqual(h.handshake.auth, {});
    });

    test("two namespaces share one Engine.IO connection, each with its own socket id", async () => {
      const manager = managerOn(suite.server, t.options);
      const root = await connectVia(manager, "/");
      const admin = await connectVia(manager, "/admin", { auth: { token: "123" } });
      suite.sockets.push(root, admin);
      assert.notEqual(root.id, admin.id);
      assert.equal(await suite.server.clientsCount(), 1, "one Engine.IO session for both namespaces");
      assert.ok(manager.__wire.sent.includes('40/admin,{"token":"123"}'), "CONNECT to /admin carries the auth");
      assert.ok(manager.__wire.texts().includes(`40/admin,{"sid":"${admin.id}"}`), "reply names the namespace");
      const [r, a] = await Promise.all([root.emitWithAck("handshake"), admin.emitWithAck("handshake")]);
      assert.equal(r.nsp, "/");
      assert.equal(a.nsp, "/admin");
      assert.equal(r.engineId, a.engineId);
      assert.deepEqual(a.handshake.auth, { token: "123" });
    });

    test("a client may join only a non-main namespace: no socket on / is created", async () => {
      const admin = await connect(suite.server, "/admin", t.options);
      suite.sockets.push(admin);
      assert.equal(admin.wire.sent.find((m) => typeof m === "string" && m.startsWith("40")), "40/admin,");
      await suite.server.logged({ type: "connection", id: admin.id });
      const entries = (await suite.server.log()).filter((e) => e.type === "connection" && e.engineId === admin.io.engine.id);
      assert.deepEqual(entries.map((e) => e.nsp), ["/admin"]);
      assert.deepEqual(admin.wire.sent.filter((m) => typeof m === "string" && m.startsWith("40")), ["40/admin,"]);
      assert.equal((await admin.emitWithAck("handshake")).nsp, "/admin");
    });

    test("auth given as a function is sent with each CONNECT", async () => {
      let calls = 0;
      const s = socketOn(suite.server, "/", { ...t.options, auth: (cb) => cb({ call: ++calls }) });
      suite.sockets.push(s);
      await connected(s);
      const h = await s.emitWithAck("handshake");
      assert.deepEqual(h.handshake.auth, { call: 1 });
    });
  });
}
