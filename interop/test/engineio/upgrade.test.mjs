// engine.io-client 6.6 with its default transports: it opens over polling, probes a WebSocket and
// upgrades. Messages must flow before, during and after the switch, exactly and in order.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Socket } from "engine.io-client";
import { createEngine } from "../fixture.mjs";
import { echoSuite, Inbox, nextEvent, closeQuietly, openSocket, withTimeout, TIMEOUT } from "./support.mjs";
import { echoes, mixed, assertSameMessages } from "./messaging.mjs";

const suite = echoSuite();

/**
 * Opens a default client and sends `early` from the "open" listener, which engine.io-client
 * flushes over polling before it starts probing the WebSocket.
 */
function openWithEarlyMessages(early) {
  const socket = new Socket(suite.server.url, { path: suite.server.path });
  const c = { socket, inbox: new Inbox(socket) };
  c.closed = new Promise((resolve) => socket.once("close", (...args) => resolve(args)));
  c.upgraded = nextEvent(socket, "upgrade", { failOn: ["upgradeError", "close"] });
  // Awaited by the tests that need it; a test that fails earlier must not add an unhandled rejection.
  c.upgraded.catch(() => {});
  socket.once("handshake", (h) => (c.handshake = h));
  c.opened = new Promise((resolve) => {
    socket.once("open", () => {
      c.openTransport = socket.transport.name;
      for (const m of early) socket.send(m);
      resolve();
    });
  });
  return c;
}

test("opens over polling, upgrades to websocket, and echoes text and binary before and after", async () => {
  const early = ["before upgrade", Buffer.from([0, 1, 2, 255]), "second text ✓"];
  suite.client = openWithEarlyMessages(early);
  await withTimeout(suite.client.opened, TIMEOUT, "open");
  assert.equal(suite.client.openTransport, "polling");
  assert.deepEqual(suite.client.handshake.upgrades, ["websocket"]);

  const [transport] = await suite.client.upgraded;
  assert.equal(transport.name, "websocket");
  assert.equal(suite.client.socket.transport.name, "websocket");
  assertSameMessages(await suite.client.inbox.take(early.length), early, "messages sent over polling");

  const s = await suite.server.session(suite.client.handshake.sid, { until: "upgraded" });
  assert.equal(s.transport, "polling");
  assert.equal(s.upgradedTo, "websocket");
  assert.equal(s.open, true);

  await echoes(suite.client, ["after upgrade", Buffer.from([3, 4, 5]), "", Buffer.alloc(0)], "messages over websocket");
});

test("messages sent while the upgrade is under way are held and delivered in order", async () => {
  suite.client = openWithEarlyMessages([]);
  const during = mixed("during", 30);
  // "upgrading" comes once the server answered the probe: the polling transport is being paused
  // and the client buffers what is sent until the upgrade packet has gone out.
  const upgrading = nextEvent(suite.client.socket, "upgrading", { failOn: ["upgradeError", "close"] }).then(() => {
    for (const m of during) suite.client.socket.send(m);
  });
  await withTimeout(suite.client.opened, TIMEOUT, "open");
  await upgrading;
  await suite.client.upgraded;
  assertSameMessages(await suite.client.inbox.take(during.length), during, "messages sent during the upgrade");
  assert.equal((await suite.server.session(suite.client.handshake.sid)).messages, during.length);
});

test("messages the server sends around the upgrade all arrive, in order", async () => {
  suite.client = openWithEarlyMessages([]);
  await withTimeout(suite.client.opened, TIMEOUT, "open");
  const sid = suite.client.handshake.sid;
  // Sent right after open: they race the probe, so some go out on polling GETs (or as noop-flushed
  // polls during the pause) and the rest over the new WebSocket.
  const first = mixed("server-early", 20);
  await suite.server.sendAll(sid, first);
  await suite.client.upgraded;
  const second = mixed("server-late", 20);
  await suite.server.sendAll(sid, second);
  assertSameMessages(await suite.client.inbox.take(40), [...first, ...second], "server messages around the upgrade");
});

test("a server with allowUpgrades false offers no upgrade, and the client stays on polling", async () => {
  const noUpgrade = await createEngine({ allowUpgrades: false });
  try {
    const c = await openSocket(noUpgrade);
    try {
      assert.deepEqual(c.handshake.upgrades, []);
      await echoes(c, ["no upgrade", Buffer.from([7])], "echo without upgrade");
      assert.equal(c.socket.transport.name, "polling");
      const s = await noUpgrade.session(c.handshake.sid);
      assert.equal(s.upgradedTo, null);
    } finally {
      await closeQuietly(c);
    }
    assert.equal(await noUpgrade.clientsCount({ equals: 0 }), 0);
  } finally {
    await noUpgrade.close();
  }
});

test("an upgraded session closes cleanly from the server side", async () => {
  suite.client = openWithEarlyMessages([]);
  await withTimeout(suite.client.opened, TIMEOUT, "open");
  await suite.client.upgraded;
  const sid = suite.client.handshake.sid;
  await suite.server.session(sid, { until: "upgraded" });
  await suite.server.closeSession(sid);
  const [reason] = await withTimeout(suite.client.closed, TIMEOUT, "the client to see the server close");
  assert.equal(reason, "transport close");
  const s = await suite.server.sessionClosed(sid);
  assert.equal(s.closeReason, "forced close");
  suite.client = undefined;
});
