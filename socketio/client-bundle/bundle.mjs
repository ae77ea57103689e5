// Copies the client files that Node's socket.io serves (its CLIENT_FILES) from the installed
// socket.io-client's dist/ into the output directory, each with the exact bytes Node would send
// for "Content-Encoding: br", "gzip" and "deflate" (the same zlib streams with their defaults, fed
// by a file read stream as socket.io's sendFile does), plus the version for the ETag.
import { createReadStream, createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createBrotliCompress, createDeflate, createGzip } from "node:zlib";

const FILES = [
  "socket.io.js",
  "socket.io.js.map",
  "socket.io.min.js",
  "socket.io.min.js.map",
  "socket.io.msgpack.min.js",
  "socket.io.msgpack.min.js.map",
  "socket.io.esm.min.js",
  "socket.io.esm.min.js.map",
];
const ENCODINGS = [
  ["br", createBrotliCompress],
  ["gz", createGzip],
  ["deflate", createDeflate],
];

const out = process.argv[2];
if (!out) {
  console.error("usage: node bundle.mjs <output directory>");
  process.exit(2);
}
const pkgDir = join("node_modules", "socket.io-client");
const { version } = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const pinned = JSON.parse(readFileSync("package.json", "utf8")).dependencies["socket.io-client"];
if (version !== pinned) {
  console.error(`node_modules has socket.io-client ${version} but package.json pins ${pinned}: run npm ci`);
  process.exit(1);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const name of FILES) {
  const source = join(pkgDir, "dist", name);
  if (!existsSync(source)) {
    console.error(`socket.io-client ${version} has no dist/${name}`);
    process.exit(1);
  }
  await pipeline(createReadStream(source), createWriteStream(join(out, name)));
  for (const [suffix, compressor] of ENCODINGS) {
    await pipeline(createReadStream(source), compressor(), createWriteStream(join(out, `${name}.${suffix}`)));
  }
}
writeFileSync(join(out, "version"), version);
// Written last: its presence means the directory is whole.
writeFileSync(join(out, ".complete"), `socket.io-client ${version}\n`);
