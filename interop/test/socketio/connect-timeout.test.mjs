// connectTimeout on the Java Socket.IO server (scenario "main", connectTimeout 600 ms): a raw
// engine.io-client connection that never sends CONNECT is closed by the server once the timeout
// has passed; a failed CONNECT (unknown namespace) does not stop the timer; a successful one
// stops it for good, even after the client leaves the namespace. Later connections serve as the
// clock for "still open after the timeout".
//
// Parsers: json
// (socket.io's default parser only: the timer is the server's, whatever the parser, and the raw
// connections here write their CONNECT frames by hand)

import { describe, test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { openSocket, closeQuietly, withTimeout } from "../engineio/support.mjs";
import { createSocketIo, connect, assertNoClients, since } from "./support.mjs";

const CONNECT_TIMEOUT = 600;
let server;
let opened = [];
let sockets = [];

before(async () => {
  server = await createSocketIo("main", { connectTimeout: CONNECT_TIMEOUT });
});

afterEach(async () => {
  for (const c of opened) await closeQuietly(c);
  opened = [];
  for (const s of sockets) s.disconnect();
  sockets = [];
  await assertNoClients(server);
});

after(async () => {
  await server?.close();
});

for (const transport of ["websocket", "polling"]) {
  describe(transport, () => {
    async function raw() {
      // The server's timer starts during the handshake: before it returns here, and not before
      // the handshake was sent. The lower bound is measured from then, so a slow handshake on a
      // busy machine cannot make a timely close look early.
      const startedAt = performance.now();
      const c = await openSocket(server, { transports: [transport] });
      c.startedAt = startedAt;
      c.openedAt = performance.now();
      opened.push(c);
      return c;
    }

    /** Waits for the server to close a raw connection; checks when and why. */
    async function closedByTimeout(c) {
      const sid = c.handshake.sid;
      const [reason] = await withTimeout(c.closed, CONNECT_TIMEOUT + 5000, "the server to close the connection");
      const elapsed = performance.now() - c.startedAt;
      assert.equal(reason, "transport close");
      assert.ok(elapsed >= CONNECT_TIMEOUT - 50, `closed after ${elapsed} ms, not before connectTimeout`);
      const s = await server.sessionClosed(sid);
      assert.equal(s.closeReason, "forced close");
      assert.ok(s.openMs >= CONNECT_TIMEOUT - 20 && s.openMs < CONNECT_TIMEOUT + 2000, `server closed it after ${s.openMs} ms`);
    }

    test("a connection that never sends CONNECT is closed after connectTimeout", async () => {
      const c = await raw();
      await closedByTimeout(c);
      assert.deepEqual(c.inbox.items, [], "nothing was sent to it");
    });

    test("a CONNECT refused for an unknown namespace does not stop the timer", async () => {
      const c = await raw();
      c.socket.send("0/random,");
      assert.equal(await c.inbox.next(), '4/random,{"message":"Invalid namespace"}');
      await closedByTimeout(c);
    });

    test("a connection that joined a namespace stays past the timeout, also after leaving it", async () => {
      const joined = await raw();
      joined.socket.send("0");
      assert.match(await joined.inbox.next(), /^0\{"sid":"[A-Za-z0-9_-]{20}"\}$/);
      joined.socket.send("1");
      // A later connection is the clock: once the server closed it, connectTimeout has passed
      // for the first one too.
      const clock = await raw();
      await closedByTimeout(clock);
      assert.equal(joined.socket.readyState, "open", "the connection that joined is still open");
      joined.socket.send("0");
      assert.match(await joined.inbox.next(), /^0\{"sid":"[A-Za-z0-9_-]{20}"\}$/);
      const s = await server.session(joined.handshake.sid);
      assert.equal(s.open, true);
      assert.ok(since(joined.openedAt) > CONNECT_TIMEOUT);
    });

    test("a socket.io-client that connected in time keeps its connection", async () => {
      const s = await connect(server, "/", { transports: [transport] });
      sockets.push(s);
      const clock = await raw();
      await closedByTimeout(clock);
      assert.equal(s.connected, true);
      assert.equal(await s.emitWithAck("ack", "alive"), "alive");
    });
  });
}
