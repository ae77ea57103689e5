// socket.io-client 4.8 over HTTPS and WSS: the Java server on the Netty binding serves TLS from PEM
// files (a certificate made for the run, valid for 127.0.0.1), and the official client trusts that
// certificate alone (`ca`), as a Node service behind a private CA would. Containers configure TLS
// themselves, outside the binding, so this suite runs on Netty only.
// Bindings: netty

import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:https";
import { TRANSPORTS, connect, socketOn, onTransport, refused, scenarioSuite, assertNoClients } from "./support.mjs";

const suite = scenarioSuite("main", { tls: true });

for (const t of TRANSPORTS) {
  describe(t.name, () => {
    test("connects over TLS, sees the CONNECT answer and an acknowledged event, and the server calls it secure", async () => {
      assert.match(suite.server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      const s = await connect(suite.server, "/", { ...t.options, ca: suite.server.ca });
      suite.sockets.push(s);
      assert.equal(s.wire.texts()[0], `40{"sid":"${s.id}"}`);
      await onTransport(s, t.final);
      const h = await s.emitWithAck("handshake");
      assert.equal(h.id, s.id);
      assert.equal(h.handshake.secure, true, "handshake.secure is true over TLS");
      assert.equal(h.transport, t.final);
    });

    test("a client that does not trust the certificate is refused and leaves no session", async () => {
      const s = socketOn(suite.server, "/", t.options);
      suite.sockets.push(s);
      const err = await refused(s);
      assert.match(err.message, /error/, `refused with the transport's error, got: ${err.message}`);
      await assertNoClients(suite.server);
    });
  });
}

/** One HTTPS request to the fixture, trusting its certificate: `{ status, body }`. */
function https(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = request(`${suite.server.url}${path}`, { method, ca: suite.server.ca }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

test("the Engine.IO handshake and a close over HTTPS are answered as over HTTP", async () => {
  const open = await https("GET", "/socket.io/?EIO=4&transport=polling");
  assert.equal(open.status, 200);
  assert.match(
    open.body,
    /^0\{"sid":"[A-Za-z0-9_-]{20}","upgrades":\["websocket"\],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000\}$/,
  );
  const sid = JSON.parse(open.body.slice(1)).sid;
  const close = await https("POST", `/socket.io/?EIO=4&transport=polling&sid=${sid}`, "1");
  assert.deepEqual(close, { status: 200, body: "ok" });
});
