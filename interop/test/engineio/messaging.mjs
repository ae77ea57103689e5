// Message exchanges shared by the per-transport suites: the same exact payloads both ways over
// whichever transport the caller opened.

import assert from "node:assert/strict";
import { bytes, TIMEOUT } from "./support.mjs";

/** Text payloads that are easy to get wrong: empty, multi-byte UTF-8, look-alikes of the framing. */
export const TEXTS = [
  "hello",
  "",
  "héllo wörld ✓ 🚀 — 日本語",
  "4 starts with the message type digit",
  "bAQIDBA== looks like a base64 binary packet",
  '{"json":["like",1,true,null]}',
  "2probe",
  "x".repeat(100_000),
];

/** Binary payloads: every byte value, empty, one byte, and large. */
export const BINARIES = [bytes(256), Buffer.alloc(0), Buffer.from([0]), bytes(200_000, 7)];

/** Asserts a received message is exactly the expected one, text as a string, binary as bytes. */
export function assertSameMessage(actual, expected, what) {
  if (expected === "") {
    // An empty text goes over the wire as a bare "4", which engine.io-parser decodes as a message
    // without data: the client hands `undefined` to "message" listeners, whatever the server.
    assert.equal(actual, undefined, `${what}: expected the empty message (a bare "4"), got ${describe(actual)}`);
  } else if (typeof expected === "string") {
    assert.equal(typeof actual, "string", `${what}: expected text, got ${describe(actual)}`);
    assert.equal(actual, expected, `${what}: text differs`);
  } else {
    assert.ok(Buffer.isBuffer(actual), `${what}: expected binary (Buffer), got ${describe(actual)}`);
    assert.ok(Buffer.from(expected).equals(actual), `${what}: bytes differ (${actual.length} vs ${expected.length} bytes)`);
  }
}

export function assertSameMessages(actual, expected, what) {
  assert.equal(actual.length, expected.length, `${what}: message count`);
  expected.forEach((e, i) => assertSameMessage(actual[i], e, `${what} #${i}`));
}

function describe(v) {
  if (typeof v === "string") return `text of ${v.length} chars`;
  if (v === null || v === undefined) return String(v);
  return `${v.constructor?.name ?? typeof v} ${Buffer.isBuffer(v) ? `of ${v.length} bytes` : JSON.stringify(v).slice(0, 80)}`;
}

/** Sends every message, then asserts the echoes came back exactly and in order. */
export async function echoes(client, messages, what, timeout = TIMEOUT) {
  for (const m of messages) client.socket.send(m);
  const echoed = await client.inbox.take(messages.length, { timeout });
  assertSameMessages(echoed, messages, what);
}

/** Messages mixing text and binary, built so that any reordering or loss shows. */
export function mixed(tag, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(i % 3 === 2 ? Buffer.from(`${tag}:${i}`, "utf8") : `${tag}:${i}`);
  }
  return out;
}
