// Closing an Engine.IO session from either side, observed on both: engine.io-client reports
// "forced close" for its own close and "transport close" for the server's; the server reports
// "transport close" for the client's and "forced close" for its own.

import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../fixture.mjs";
import { openSocket, closeQuietly, withTimeout, nextEvent, TIMEOUT } from "./support.mjs";
import { assertSameMessages, mixed } from "./messaging.mjs";

let server;

before(async () => {
  server = await createEngine();
});

afterEach(async () => {
  assert.equal(await server.clientsCount({ equals: 0 }), 0, "no session left open after the test");
});

after(async () => {
  await server?.close();
});

for (const transport of ["polling", "websocket"]) {
  const opts = { transports: [transport] };

  test(`over ${transport}, a client close is "forced close" on the client and "transport close" on the server`, async () => {
    const c = await openSocket(server, opts);
    const sid = c.handshake.sid;
    c.socket.close();
    const [reason] = await withTimeout(c.closed, TIMEOUT, "the client close event");
    assert.equal(reason, "forced close");
    assert.equal(c.socket.readyState, "closed");
    const s = await server.sessionClosed(sid);
    assert.equal(s.closeReason, "transport close");
  });

  test(`over ${transport}, a server close is "forced close" on the server and "transport close" on the client`, async () => {
    const c = await openSocket(server, opts);
    try {
      const sid = c.handshake.sid;
      await server.closeSession(sid);
      const [reason] = await withTimeout(c.closed, TIMEOUT, "the client to see the server close");
      assert.equal(reason, "transport close");
      const s = await server.sessionClosed(sid);
      assert.equal(s.closeReason, "forced close");
    } finally {
      await closeQuietly(c);
    }
  });

  test(`over ${transport}, the server sends what it buffered before closing`, async () => {
    const c = await openSocket(server, opts);
    try {
      const sid = c.handshake.sid;
      const last = mixed("last words", 10);
      const received = [];
      c.socket.on("message", (m) => received.push(m));
      await server.sendAll(sid, last);
      await server.closeSession(sid);
      const [reason] = await withTimeout(c.closed, TIMEOUT, "the client to see the server close");
      assert.equal(reason, "transport close");
      assertSameMessages(received, last, "messages sent before the server closed");
      assert.equal((await server.sessionClosed(sid)).closeReason, "forced close");
    } finally {
      await closeQuietly(c);
    }
  });

  test(`over ${transport}, a session the client closed is unknown to the server afterwards`, async () => {
    const c = await openSocket(server, opts);
    const sid = c.handshake.sid;
    assert.deepEqual((await server.clients()).sids, [sid]);
    c.socket.close();
    await withTimeout(c.closed, TIMEOUT, "the client close event");
    await server.sessionClosed(sid);
    assert.equal(await server.clientsCount({ equals: 0 }), 0);
    assert.deepEqual((await server.clients()).sids, []);
    await assert.rejects(server.send(sid, "too late"), /404: no open session/);
  });
}

test("stopping the server closes every session: clients see a transport close, the server a forced close", async () => {
  const doomed = await createEngine();
  let closedServer = false;
  const clients = [];
  try {
    clients.push(await openSocket(doomed, { transports: ["polling"] }));
    clients.push(await openSocket(doomed, { transports: ["websocket"] }));
    const upgrading = await openSocket(doomed);
    // Wait for the upgrade: a client caught between its probe and its next poll sees its poll refused
    // ("transport error"), as it would with Node's engine.io; that window is not what this test is about.
    if (upgrading.socket.transport.name !== "websocket") await withTimeout(nextEvent(upgrading.socket, "upgrade", { failOn: ["upgradeError", "close"] }), TIMEOUT, "the upgrade");
    clients.push(upgrading);
    assert.equal(await doomed.clientsCount({ equals: 3 }), 3);
    const report = await doomed.close();
    closedServer = true;
    const reasons = await withTimeout(Promise.all(clients.map((c) => c.closed)), TIMEOUT, "every client to see the shutdown");
    // A polling client reports "transport error" when its pending GET fails instead of getting "1".
    const seen = reasons.map(([r, d]) => (r === "transport close" ? r : `${r} (${d?.message}: ${String(d?.context?.responseText ?? d?.description ?? "").split("\n")[0]})`));
    assert.deepEqual(reasons.map(([r]) => r), ["transport close", "transport close", "transport close"], `clients saw: ${seen.join("; ")}`);
    const expected = Object.fromEntries(clients.map((c) => [c.handshake.sid, "forced close"]));
    assert.deepEqual(report.sessions, expected);
  } finally {
    await Promise.all(clients.map((c) => closeQuietly(c)));
    if (!closedServer) await doomed.close();
  }
});
