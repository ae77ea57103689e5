// 50 engine.io-client sockets × 200 messages each against one echo fixture: half straight over
// WebSocket, half opening over polling and upgrading while their messages are in flight. Nothing
// may be lost or reordered per client, and every session must be gone once the clients close.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createEngine } from "../fixture.mjs";
import { openSocket, closeQuietly, withTimeout } from "./support.mjs";
import { assertSameMessages } from "./messaging.mjs";

const CLIENTS = 50;
const MESSAGES = 200;
const DEADLINE_MS = 60_000;

/** Client i's messages: mostly text, every 5th binary, each naming its client and position. */
function messagesOf(i) {
  const out = [];
  for (let j = 0; j < MESSAGES; j++) {
    out.push(j % 5 === 4 ? Buffer.from([i, j >> 8, j & 0xff, 0xfe]) : `client ${i} message ${j} ✓`);
  }
  return out;
}

test(`${CLIENTS} clients × ${MESSAGES} messages: all echoed in order, then every session closes`, { timeout: 2 * DEADLINE_MS }, async () => {
  const server = await createEngine();
  const clients = [];
  try {
    const opening = await Promise.allSettled(
      Array.from({ length: CLIENTS }, (_, i) =>
        openSocket(server, i % 2 === 0 ? { transports: ["websocket"] } : {}),
      ),
    );
    // Keep whatever opened, so the finally block closes it even if another one failed.
    clients.push(...opening.filter((r) => r.status === "fulfilled").map((r) => r.value));
    const failed = opening.filter((r) => r.status === "rejected");
    assert.equal(failed.length, 0, `clients failed to open: ${failed.map((r) => r.reason?.message).join("; ")}`);
    assert.equal(await server.clientsCount({ equals: CLIENTS }), CLIENTS);

    await withTimeout(
      Promise.all(
        clients.map(async (c, i) => {
          const expected = messagesOf(i);
          for (const m of expected) c.socket.send(m);
          const echoed = await c.inbox.take(MESSAGES, { timeout: DEADLINE_MS });
          assertSameMessages(echoed, expected, `client ${i} (${i % 2 === 0 ? "websocket" : "polling then upgrade"})`);
        }),
      ),
      DEADLINE_MS,
      "every echo",
    );

    for (const c of clients) {
      const s = await server.session(c.handshake.sid);
      assert.equal(s.messages, MESSAGES, `server received ${s.messages} messages from ${c.handshake.sid}`);
      assert.equal(s.open, true);
    }
  } finally {
    await Promise.all(clients.map((c) => closeQuietly(c)));
    try {
      for (const c of clients) {
        const s = await server.sessionClosed(c.handshake.sid, { timeout: 10_000 });
        assert.equal(s.closeReason, "transport close");
      }
      assert.equal(await server.clientsCount({ equals: 0, timeout: 10_000 }), 0, "sessions left open after every client closed");
    } finally {
      await server.close();
    }
  }
});
