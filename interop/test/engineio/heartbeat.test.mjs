// Engine.IO v4 heartbeat with tight timings (pingInterval 300 ms, pingTimeout 200 ms): the server
// pings, engine.io-client answers, and the session lives on; a client that stops answering is
// closed by the server with "ping timeout" at pingInterval + pingTimeout.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../fixture.mjs";
import { openSocket, closeQuietly, withTimeout } from "./support.mjs";
import { echoes } from "./messaging.mjs";

const PING_INTERVAL = 300;
const PING_TIMEOUT = 200;
/** How early an event may look (timer granularity, delivery jitter), and how late on a loaded two-core machine. */
const EARLY_MS = 25;
const LATE_MS = 200;

/** Runs `body` against a fixture with the tight heartbeat, then checks nothing is left open. */
async function withHeartbeatServer(body) {
  const server = await createEngine({ pingInterval: PING_INTERVAL, pingTimeout: PING_TIMEOUT });
  try {
    await body(server);
    assert.equal(await server.clientsCount({ equals: 0 }), 0, "no session left open");
  } finally {
    await server.close();
  }
}

/** Makes an engine.io-client socket receive pings but never answer them. */
function stopAnsweringPings(socket) {
  assert.equal(typeof socket._sendPacket, "function", "engine.io-client internals changed: no _sendPacket to intercept");
  const send = socket._sendPacket;
  const dropped = { pongs: 0 };
  socket._sendPacket = function (type, ...rest) {
    if (type === "pong") {
      dropped.pongs++;
      return;
    }
    return send.call(this, type, ...rest);
  };
  return dropped;
}

for (const transport of ["polling", "websocket"]) {
  test(`over ${transport}, the session stays up across several pings, each a pingInterval after the last pong`, async () => {
    await withHeartbeatServer(async (server) => {
      const c = await openSocket(server, { transports: [transport] });
      try {
        assert.equal(c.handshake.pingInterval, PING_INTERVAL);
        assert.equal(c.handshake.pingTimeout, PING_TIMEOUT);
        const openedAt = Date.now();
        const pings = [];
        const fourPings = new Promise((resolve) => {
          c.socket.on("ping", () => {
            pings.push(Date.now());
            if (pings.length === 4) resolve();
          });
        });
        await withTimeout(fourPings, 4 * (PING_INTERVAL + PING_TIMEOUT) + 1000, "4 pings");
        assert.equal(c.socket.readyState, "open");

        // Measured on the client, so each gap also holds the pong's trip and the delivery jitter
        // of two pings; the first is counted from the client's open, which lags the server's.
        const gaps = [pings[0] - openedAt, ...pings.slice(1).map((t, i) => t - pings[i])];
        gaps.slice(1).forEach((gap) => {
          assert.ok(gap >= PING_INTERVAL - EARLY_MS, `pings must be pingInterval apart, got gaps ${gaps} ms`);
        });
        gaps.forEach((gap) => {
          assert.ok(gap < PING_INTERVAL + PING_TIMEOUT + LATE_MS, `pings late: gaps ${gaps} ms`);
        });

        await echoes(c, ["alive after 4 pings", Buffer.from([4])], "echo after heartbeats");
        const s = await server.session(c.handshake.sid);
        assert.equal(s.open, true, `session closed: ${s.closeReason}`);
        assert.ok(s.heartbeats >= 3, `the server saw ${s.heartbeats} pongs after 4 pings`);
      } finally {
        await closeQuietly(c);
      }
      const s = await server.sessionClosed(c.handshake.sid);
      assert.equal(s.closeReason, "transport close");
    });
  });

  test(`over ${transport}, a client that stops answering pings is closed by the server with "ping timeout"`, async () => {
    await withHeartbeatServer(async (server) => {
      const c = await openSocket(server, { transports: [transport] });
      const dropped = stopAnsweringPings(c.socket);
      const deadline = PING_INTERVAL + PING_TIMEOUT;

      // The client's own timer would fire at pingInterval + (pingInterval + pingTimeout) with reason
      // "ping timeout"; the server must have closed the session, and so the transport, well before.
      const [reason] = await withTimeout(c.closed, deadline + LATE_MS + 1000, "the server to close the session");
      assert.ok(dropped.pongs >= 1, "the client received a ping and did not answer it");
      assert.equal(reason, "transport close", "the client sees the server close the transport, not its own ping timeout");

      const s = await server.sessionClosed(c.handshake.sid);
      assert.equal(s.closeReason, "ping timeout");
      assert.ok(s.openMs >= deadline - EARLY_MS, `closed after ${s.openMs} ms, before pingInterval + pingTimeout = ${deadline} ms`);
      assert.ok(s.openMs <= deadline + LATE_MS, `closed after ${s.openMs} ms, later than pingInterval + pingTimeout = ${deadline} ms`);
      assert.equal(s.heartbeats, 0, "no pong reached the server");
    });
  });
}
