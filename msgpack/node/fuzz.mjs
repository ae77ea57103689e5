// The reference side of SideBySideFuzzTest: generates random MessagePack inputs and values, runs
// them through notepack.io 2.2 (socket.io-msgpack-parser 3.0's codec), notepack.io 3.0
// (@socket.io/redis-adapter 8's) and socket.io-msgpack-parser's Decoder, and writes one JSON line
// per case with what the reference did. The Java test does the same with our codec and parser and
// compares. Usage: node fuzz.mjs <seed> <cases>
//
// Values travel as "typed values" (tv), exact where JSON is not:
//   undefined {"u":1}   null null   boolean true/false   number {"n":"<IEEE-754 bits, hex>"|"NaN"}
//   string "..."   Buffer {"b":"<hex>"}   ArrayBuffer {"ab":"<hex>"}   Date {"d":<ms>|null}
//   array [tv, ...]   object {"o":[["key", tv], ...]} (own keys in order)
//
// Lines:
//   {"k":"dec","in":hex,"r2":R,"r3":R}   R = {"ok":tv,"re":hex} | {"err":message}
//       notepack 2 / 3 decode of the bytes; "re" is the same notepack's encoding of the decoded
//       value (with NaNs made canonical: V8 keeps the bits of a NaN read from the wire in some
//       places and not in others, and our codec always writes the canonical NaN).
//   {"k":"enc","val":tv,"o2":hex,"o3":hex}        notepack 2 / 3 encode of a value
//   {"k":"parse","in":hex,"pkt":P|null,"err":m}   socket.io-msgpack-parser's Decoder
//       P = {"type":tv,"nsp":tv,"data"?:tv,"id"?:tv}
//   {"k":"pkt","pkt":P,"out":hex}                 a packet as socket.io 4.8's server builds it,
//       through socket.io-msgpack-parser's Encoder

import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { once } from "node:events";
import { types } from "node:util";

const require = createRequire(import.meta.url);
const notepack2 = require("notepack.io");
const notepack3 = require("notepack3");
const parser = require("socket.io-msgpack-parser");

// The parser must run on the very notepack 2 this script calls.
assert.equal(createRequire(require.resolve("socket.io-msgpack-parser")).resolve("notepack.io"), require.resolve("notepack.io"));
assert.equal(require("notepack.io/package.json").version, "2.2.0");
assert.equal(require("notepack3/package.json").version, "3.0.1");

const seed = Number(process.argv[2] ?? 1);
const cases = Number(process.argv[3] ?? 1000);

// ---- randomness (mulberry32: small, seedable, good enough) ----

let state = seed >>> 0;
function random() {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(random() * n);
const pick = (a) => a[int(a.length)];
const chance = (p) => random() < p;
function weighted(entries) {
  const total = entries.reduce((s, [w]) => s + w, 0);
  let r = random() * total;
  for (const [w, f] of entries) {
    if ((r -= w) < 0) return f();
  }
  return entries[entries.length - 1][1]();
}
function randomBytes(n) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = int(256);
  return b;
}

// ---- values ----

const P32 = 2 ** 32;
const BOUNDARIES = [
  0, 1, 31, 127, 128, 255, 256, 32767, 32768, 65535, 65536, 2 ** 31 - 1, 2 ** 31, P32 - 1, P32, P32 + 1,
  2 ** 52, 2 ** 53 - 1, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64 - 2048, 2 ** 64, 1e21, 2 ** 70, 1.7976931348623157e308,
  -1, -31, -32, -33, -127, -128, -129, -32768, -32769, -(2 ** 31), -(2 ** 31) - 1, -(P32), -(2 ** 53), -(2 ** 63),
  -(2 ** 64), -1e21, -0, 0.5, -0.5, 1.5, 0.1, 1e-7, 5e-324, 2.2250738585072014e-308, NaN, Infinity, -Infinity,
];

function randomNumber() {
  return weighted([
    [4, () => pick(BOUNDARIES)],
    [2, () => pick(BOUNDARIES) + pick([-2, -1, 1, 2])],
    [3, () => int(256) - 128],
    [2, () => int(P32) * pick([1, -1])],
    [2, () => (int(P32) * P32 + int(P32)) * pick([1, -1])],
    [2, () => (random() - 0.5) * 10 ** (int(40) - 20)],
    [1, () => Math.fround((random() - 0.5) * 1000)],
    // Any bits, but NaN as JavaScript makes it: a NaN with other bits only comes from reading
    // bytes, and V8 writes such a NaN's bits back unchanged in some places and not in others.
    [1, () => { const d = Buffer.from(randomBytes(8)).readDoubleBE(0); return Number.isNaN(d) ? NaN : d; }],
  ]);
}

const CHARS = [
  () => String.fromCharCode(32 + int(95)),
  () => String.fromCharCode(int(32)),
  () => String.fromCharCode(0x80 + int(0x780)),
  () => String.fromCharCode(0x800 + int(0xd000)),
  () => String.fromCharCode(0xe000 + int(0x2000)),
  () => String.fromCodePoint(0x10000 + int(0x100000)),
  () => String.fromCharCode(0xd800 + int(0x400)), // lone high surrogate
  () => String.fromCharCode(0xdc00 + int(0x400)), // lone low surrogate
  () => pick(["\u0000", "\ufffd", "\ufeff", "\u2028", "é", "日", "🎉"]),
];

function randomString() {
  return weighted([
    [6, () => {
      const n = pick([0, 1, 5, 30, 31, 32, 33, 34, int(40), int(80)]);
      const kinds = [pick(CHARS), pick(CHARS), pick(CHARS)];
      let s = "";
      for (let i = 0; i < n; i++) s += pick(kinds)();
      return s;
    }],
    [2, () => "a".repeat(pick([31, 32, 255, 256, int(300)]))],
    [0.05, () => "a".repeat(pick([65535, 65536]))],
    [1, () => "é".repeat(pick([15, 16, 127, 128, int(200)]))],
    [1, () => pick(["type", "nsp", "data", "id", "0", "1", "10", "4294967294", "4294967295", "01", "-1", "__proto__", "constructor"])],
  ]);
}

function randomKey() {
  return weighted([
    [5, () => randomString().slice(0, 40)],
    [2, () => String(int(20))],
    [1, () => pick(["4294967294", "4294967295", "01", "-0", "1.5", "1e3", "__proto__", "toString", ""])],
  ]);
}

// Nodes a value may still take: keeps random values small (containers of 16+ elements exist to
// cross the fixarray/fixmap boundary, not to multiply).
let budget = 0;

function randomValue(depth = 0) {
  if (depth === 0) budget = 40;
  budget--;
  const leaf = [
    [5, () => randomNumber()],
    [5, () => randomString()],
    [1, () => pick([true, false])],
    [1, () => null],
    [1, () => undefined],
    [2, () => randomBytes(pick([0, 1, 3, int(40), 255, 256, int(300)]))],
    [0.03, () => randomBytes(pick([65535, 65536]))],
    [1, () => new Date(weighted([
      [3, () => int(2 ** 31) * 1000 + int(1000)],
      [1, () => pick([0, -1, 1, 8.64e15, -8.64e15, 2 ** 34 * 1000, 2 ** 32 * 1000, 2 ** 32 * 1000 - 1, -62198755200000])],
      [1, () => (random() - 0.5) * 1.7e16],
      [1, () => NaN],
    ]))],
    [1, () => Uint8Array.from(randomBytes(pick([0, 2, 255, 256, int(50)]))).buffer],
    [1, () => [pick([1, -1, 5, 127, -128]), randomBytes(int(20))]],
  ];
  if (depth > 4 || budget <= 0) return weighted(leaf);
  const size = () => Math.min(Math.max(budget, 0), weighted([[8, () => int(4)], [1, () => pick([15, 16, 17])]]));
  return weighted([
    ...leaf,
    [4, () => Array.from({ length: size() }, () => randomValue(depth + 1))],
    [4, () => {
      const o = {};
      const n = size();
      for (let i = 0; i < n; i++) {
        const k = randomKey();
        // An own property even for "__proto__", as JSON.parse would make it.
        Object.defineProperty(o, k, { value: randomValue(depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return o;
    }],
  ]);
}

function nested(depth) {
  let v = pick([1, "x", [], {}]);
  for (let i = 0; i < depth; i++) v = chance(0.5) ? [v] : { k: v };
  return v;
}

// ---- raw MessagePack, well-formed or nearly ----

function u16(n) { return [(n >> 8) & 0xff, n & 0xff]; }
function u32(n) { return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]; }
function utf8ish() {
  return weighted([
    [3, () => [...Buffer.from(randomString().slice(0, 40), "utf8")]],
    [2, () => [...randomBytes(int(12))]],
    [1, () => pick([[0xed, 0xa0, 0x80], [0xf0, 0x80, 0x80, 0x80], [0xc0, 0xaf], [0xe0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xef, 0xbb, 0xbf], [0xc2], [0xf0, 0x9f, 0x98]])],
  ]);
}

function raw(depth = 0) {
  const out = [];
  const key = () => out.push(...weighted([
    [6, () => { const s = utf8ish(); return [0xa0 | Math.min(s.length, 31), ...s.slice(0, 31)]; }],
    [1, () => pick([[0xa9, ...Buffer.from("__proto__")], [0xa4, ...Buffer.from("type")]])],
    [2, () => rawScalar()],
    [1, () => raw(depth + 1)],
  ]));
  if (depth < 4 && chance(0.35)) {
    const n = pick([0, 1, 2, 3, 15, 16]);
    const isMap = chance(0.5);
    if (n < 16 && chance(0.8)) out.push((isMap ? 0x80 : 0x90) | n);
    else out.push(isMap ? 0xde : 0xdc, ...u16(n));
    for (let i = 0; i < n; i++) {
      if (isMap) key();
      out.push(...raw(depth + 1));
    }
    return out;
  }
  return rawScalar();
}

function rawScalar() {
  return weighted([
    [2, () => [int(0x80)]],
    [2, () => [0xe0 | int(32)]],
    [1, () => [pick([0xc0, 0xc2, 0xc3])]],
    [1, () => [0xc1]],
    [2, () => [0xcc + int(4), ...randomBytes([1, 2, 4, 8][int(4)])]],
    [2, () => [0xd0 + int(4), ...randomBytes([1, 2, 4, 8][int(4)])]],
    [1, () => [0xca, ...randomBytes(4)]],
    [1, () => [0xcb, ...randomBytes(8)]],
    [1, () => [0xcf, ...u32(int(P32)), ...u32(int(P32))]],
    [3, () => { const s = utf8ish(); return [0xa0 | Math.min(s.length, 31), ...s.slice(0, 31)]; }],
    [1, () => { const s = utf8ish(); return [0xd9, s.length, ...s]; }],
    [1, () => { const b = randomBytes(int(10)); return [0xc4, b.length, ...b]; }],
    [2, () => { // fixext 1/2/4/8/16
      const size = pick([1, 2, 4, 8, 16]);
      const type = pick([0, 0, -1, -1, 1, 5, 127, -128, int(256) - 128]);
      return [{ 1: 0xd4, 2: 0xd5, 4: 0xd6, 8: 0xd7, 16: 0xd8 }[size], type & 0xff, ...randomBytes(size)];
    }],
    [1, () => { // timestamps that notepack 3 reads
      return pick([
        [0xd6, 0xff, ...u32(int(P32))],
        [0xd7, 0xff, ...u32(int(P32)), ...u32(int(P32))],
        [0xd7, 0xff, ...u32(int(4) << 2), ...u32(int(P32))],
        [0xc7, 12, 0xff, ...u32(int(1e9)), ...u32(int(P32)), ...u32(int(P32))],
        [0xc7, int(20), 0xff, ...randomBytes(12)],
        [0xd7, 0x00, ...u32(int(P32)), ...u32(int(P32))],
      ]);
    }],
    [1, () => { // ext 8/16/32
      const n = int(6);
      const type = pick([0, -1, 3, int(256) - 128]) & 0xff;
      return pick([[0xc7, n, type], [0xc8, ...u16(n), type], [0xc9, ...u32(n), type]]).concat([...randomBytes(n)]);
    }],
  ]);
}

function mutate(bytes) {
  if (bytes.length > 4096) {
    return bytes.subarray(0, int(bytes.length));
  }
  const b = [...bytes];
  for (let m = 1 + int(3); m > 0; m--) {
    const at = int(b.length + 1);
    weighted([
      [3, () => { if (b.length) b[int(b.length)] = int(256); }],
      [2, () => { if (b.length) b[int(b.length)] ^= 1 << int(8); }],
      [2, () => b.splice(at)],
      [2, () => b.push(...randomBytes(1 + int(3)))],
      [1, () => b.splice(at, 0, int(256))],
      [1, () => b.splice(at, 1)],
      [1, () => b.splice(at, 0, ...b.slice(int(b.length), int(b.length) + 4))],
    ]);
  }
  return Buffer.from(b);
}

// ---- packets ----

const TYPE_VALUES = [0, 1, 2, 3, 4, 5, 6, -1, 2.5, -0, "2", null, undefined, true, 2 ** 53];
const NSPS = ["/", "/", "/admin", "", "/a/b", "/é", "admin", undefined, 1, null];
const ID_VALUES = [undefined, undefined, 0, 1, 42, 2 ** 31, 2 ** 53, 2 ** 53 + 2, 2 ** 63, 2 ** 64, -1, -0, 1.5, NaN, Infinity, "1", null];
const RESERVED = ["connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"];

function eventData() {
  return weighted([
    [6, () => [randomString().slice(0, 20), ...Array.from({ length: int(4) }, () => randomValue(1))]],
    [1, () => [pick(RESERVED), 1]],
    [1, () => [randomNumber(), "x"]],
    [1, () => [pick([null, undefined, [], {}, true, Buffer.from([1]), new Date(0)]), 1]],
    [1, () => []],
  ]);
}

function dataFor(type) {
  return weighted([
    [6, () => {
      switch (type) {
        case 0: return pick([undefined, {}, { token: "abc" }, { pid: "p", offset: "o" }, randomValue(1)]);
        case 1: return undefined;
        case 2: return eventData();
        case 3: return Array.from({ length: int(4) }, () => randomValue(1));
        case 4: return pick([{ message: "no", data: randomValue(1) }, "denied", { message: "Invalid namespace" }]);
        default: return randomValue(1);
      }
    }],
    [1, () => randomValue(1)],
  ]);
}

/** A packet-like object: mostly what clients send, often with a field wrong. */
function randomPacketObject() {
  const type = chance(0.8) ? pick([0, 1, 2, 3, 4]) : pick(TYPE_VALUES);
  const fields = [];
  if (chance(0.97)) fields.push(["type", type]);
  if (chance(0.95)) fields.push(["nsp", chance(0.85) ? pick(["/", "/admin"]) : pick(NSPS)]);
  if (chance(0.9)) fields.push(["data", dataFor(type)]);
  if (chance(0.4)) fields.push(["id", chance(0.7) ? int(1000) : pick(ID_VALUES)]);
  if (chance(0.3)) fields.push(["options", { compress: true }]);
  if (chance(0.05)) fields.push([randomKey(), randomValue(2)]);
  for (let i = fields.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [fields[i], fields[j]] = [fields[j], fields[i]];
  }
  const o = {};
  for (const [k, v] of fields) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  return o;
}

/** A packet map written by hand, with numbers in the formats notepack never writes (2.0 as float 64, ...). */
function rawPacket() {
  const num = (n) => pick([
    () => [...notepack2.encode(n)],
    () => { const b = Buffer.alloc(9); b[0] = 0xcb; b.writeDoubleBE(n, 1); return [...b]; },
    () => { const b = Buffer.alloc(5); b[0] = 0xca; b.writeFloatBE(n, 1); return [...b]; },
    () => (n >= 0 && n < 256 ? [0xcc, n] : [...notepack2.encode(n)]),
    () => (n >= 0 && n < 65536 ? [0xcd, ...u16(n)] : [...notepack2.encode(n)]),
    () => (Number.isInteger(n) && n >= -128 && n < 128 ? [0xd0, n & 0xff] : [...notepack2.encode(n)]),
  ])();
  const str = (s) => [...notepack2.encode(s)];
  const fields = [[...str("type"), ...num(pick([0, 2, 3, 4, -0, 2.5]))], [...str("nsp"), ...str(pick(["/", "/x"]))]];
  if (chance(0.8)) fields.push([...str("data"), ...notepack2.encode(chance(0.7) ? ["e", 1] : pick([{}, "s", [], undefined]))]);
  if (chance(0.6)) fields.push([...str("id"), ...num(pick([0, 3, 7.5, -2, 2 ** 53, 2 ** 63, -0]))]);
  if (chance(0.2)) fields.push(pick([fields[0], fields[1]]));
  return [0x80 | fields.length, ...fields.flat()];
}

/** A packet exactly as socket.io 4.8's server builds it (its key order), for the encoder. */
function serverPacket() {
  const nsp = pick(["/", "/", "/admin", "/é", ""]);
  const sid = randomString().slice(0, 24);
  return weighted([
    [2, () => ({ type: 0, data: { sid, pid: chance(0.5) ? undefined : "p" + sid }, nsp })],
    [1, () => ({ type: 1, nsp })],
    [4, () => ({ type: 2, data: eventData().filter((_, i) => i < 6), nsp })],
    [2, () => ({ type: 2, data: eventData(), id: pick([0, 1, 42, 2 ** 31, 2 ** 53 - 1]), nsp })],
    [2, () => ({ id: pick([0, 1, 42, 2 ** 31, 2 ** 53 - 1]), type: 3, data: Array.from({ length: int(4) }, () => randomValue(1)), nsp })],
    [1, () => ({ type: 4, data: { message: randomString().slice(0, 20), data: chance(0.5) ? undefined : randomValue(1) }, nsp })],
    [1, () => ({ type: 4, nsp, data: { message: "Invalid namespace" } })],
  ]);
}

// ---- typed values ----

function hexOf(x) {
  return Buffer.from(x).toString("hex");
}

function numberTv(v) {
  if (Number.isNaN(v)) return { n: "NaN" };
  const b = Buffer.alloc(8);
  b.writeDoubleBE(v);
  return { n: b.toString("hex") };
}

function tv(v) {
  if (v === undefined) return { u: 1 };
  if (v === null) return null;
  switch (typeof v) {
    case "boolean": return v;
    case "number": return numberTv(v);
    case "string": return v;
    default: break;
  }
  // Checked by internal slots: a decoded "__proto__" key can make an object look like a Buffer.
  if (ArrayBuffer.isView(v)) return { b: hexOf(v) };
  if (types.isArrayBuffer(v)) return { ab: hexOf(new Uint8Array(v)) };
  if (types.isDate(v)) {
    const t = v.getTime();
    return { d: Number.isNaN(t) ? null : t };
  }
  if (Array.isArray(v)) return v.map(tv);
  return { o: Object.keys(v).map((k) => [k, tv(v[k])]) };
}

/** The value with every NaN replaced by the NaN literal (canonical bits). */
function canonicalNaN(v) {
  if (typeof v === "number") return Number.isNaN(v) ? NaN : v;
  if (Array.isArray(v)) return v.map(canonicalNaN);
  if (v && typeof v === "object" && !ArrayBuffer.isView(v) && !types.isArrayBuffer(v) && !types.isDate(v)) {
    for (const k of Object.keys(v)) v[k] = canonicalNaN(v[k]);
  }
  return v;
}

/**
 * Whether notepack, reading `b`, would reach an ext value of type 0 (its ArrayBuffer) whose
 * length passes the end of the input. notepack then allocates that length (up to 4 GiB) and copies
 * it byte by byte before failing on the overshoot, which only costs time: such inputs are left
 * out (counted as skipped) rather than run. Walks the formats exactly as notepack's parse does.
 */
function reachesHugeArrayBuffer(b, v3) {
  let pos = 0;
  let pending = 1;
  const len = (n) => (pos + n <= b.length ? b.readUIntBE(pos, n) : -1);
  while (pending > 0) {
    if (pos >= b.length) return false;
    const p = b[pos++];
    pending--;
    if (p < 0x80 || p >= 0xe0 || p === 0xc0 || p === 0xc2 || p === 0xc3) continue;
    if (p < 0x90) { pending += 2 * (p & 0x0f); continue; }
    if (p < 0xa0) { pending += p & 0x0f; continue; }
    if (p < 0xc0) { pos += p & 0x1f; continue; }
    const sizes = { 0xc4: 1, 0xc5: 2, 0xc6: 4, 0xd9: 1, 0xda: 2, 0xdb: 4 };
    if (p in sizes) {
      const n = len(sizes[p]);
      if (n < 0) return false;
      pos += sizes[p] + n;
      continue;
    }
    const exts = { 0xc7: 1, 0xc8: 2, 0xc9: 4 };
    if (p in exts) {
      const n = len(exts[p]);
      if (n < 0 || pos + exts[p] >= b.length) return false;
      const type = b.readInt8(pos + exts[p]);
      pos += exts[p] + 1;
      if (type === 0 && pos + n > b.length) return true;
      pos += v3 && p === 0xc7 && type === -1 ? 12 : n;
      continue;
    }
    const fixed = { 0xca: 4, 0xcb: 8, 0xcc: 1, 0xcd: 2, 0xce: 4, 0xcf: 8, 0xd0: 1, 0xd1: 2, 0xd2: 4, 0xd3: 8,
      0xd4: 2, 0xd5: 3, 0xd6: 5, 0xd7: 9, 0xd8: 17 };
    if (p in fixed) { pos += fixed[p]; continue; }
    const counts = { 0xdc: [2, 1], 0xdd: [4, 1], 0xde: [2, 2], 0xdf: [4, 2] };
    if (p in counts) {
      const n = len(counts[p][0]);
      if (n < 0) return false;
      pos += counts[p][0];
      pending += n * counts[p][1];
      continue;
    }
    return false; // 0xc1: notepack fails right there
  }
  return false;
}

function decoded(codec, bytes, v3) {
  if (reachesHugeArrayBuffer(bytes, v3)) return { skip: "an ArrayBuffer past the end" };
  let value;
  try {
    value = codec.decode(bytes);
  } catch (e) {
    return { err: String(e.message) };
  }
  let re = null;
  try {
    re = hexOf(codec.encode(canonicalNaN(value)));
  } catch {
    // not encodable again (e.g. a Date beyond notepack's arithmetic): no comparison
  }
  return { ok: tv(value), re };
}

function packetTv(p) {
  const o = { type: tv(p.type), nsp: tv(p.nsp) };
  if (p.data !== undefined) o.data = tv(p.data);
  if (p.id !== undefined) o.id = tv(p.id);
  return o;
}

function parsed(bytes) {
  if (reachesHugeArrayBuffer(bytes, false)) return { skip: "an ArrayBuffer past the end" };
  const decoder = new parser.Decoder();
  let packet = null;
  decoder.on("decoded", (p) => { packet = p; });
  try {
    decoder.add(bytes);
  } catch (e) {
    return { pkt: null, err: String(e.message) };
  }
  return { pkt: packetTv(packet), err: null };
}

// ---- the cases ----

const encoder = new parser.Encoder();
const lines = [];
let written = 0;

function emit(line) {
  lines.push(JSON.stringify(line));
}

/** Writes the lines so far, waiting while the reader is behind (a pipe buffers without bound). */
async function flush() {
  if (lines.length) {
    const chunk = lines.join("\n") + "\n";
    written += lines.length;
    lines.length = 0;
    if (!process.stdout.write(chunk)) await once(process.stdout, "drain");
  }
}

function decodeCase(bytes) {
  emit({ k: "dec", in: hexOf(bytes), r2: decoded(notepack2, bytes, false), r3: decoded(notepack3, bytes, true) });
}

function encodeCase(value) {
  emit({ k: "enc", val: tv(value), o2: hexOf(notepack2.encode(value)), o3: hexOf(notepack3.encode(value)) });
}

function parseCase(bytes) {
  emit({ k: "parse", in: hexOf(bytes), ...parsed(bytes) });
}

const makers = [
  [3, () => { const v = randomValue(); encodeCase(v); decodeCase(notepack2.encode(v)); }],
  [1, () => decodeCase(notepack3.encode(randomValue()))],
  [3, () => decodeCase(Buffer.from(raw()))],
  [3, () => decodeCase(mutate(chance(0.5) ? notepack2.encode(randomValue()) : Buffer.from(raw())))],
  [1, () => decodeCase(randomBytes(int(12)))],
  [0.02, () => decodeCase(notepack2.encode(nested(995 + int(10))))],
  [4, () => parseCase(notepack2.encode(randomPacketObject()))],
  [3, () => parseCase(mutate(notepack2.encode(randomPacketObject())))],
  [1, () => parseCase(Buffer.from(raw()))],
  [2, () => parseCase(Buffer.from(rawPacket()))],
  [3, () => {
    const p = serverPacket();
    const [bytes] = encoder.encode(p);
    emit({ k: "pkt", pkt: packetTv(p), out: hexOf(bytes) });
  }],
];

for (let i = 0; i < cases; i++) {
  weighted(makers);
  if (lines.length >= 500) await flush();
}
await flush();
process.stderr.write(`[fuzz] seed ${seed}: ${written} cases\n`);
