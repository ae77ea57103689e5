// The Node socket.io 4.8 baseline of the benchmarks. It runs the same handlers as the Java fixture
// (dev.switchboard.bench.SwitchboardBenchServer) and speaks the runner's control protocol:
//   stdout "READY <port>" once listening;
//   stdin "mem" -> gc() twice, then stdout "MEM {"heap":..,"direct":..,"rss":..}" (bytes);
//   stdin "quit" or end of input -> exit.
// Start it with `node --expose-gc server.js`; without the flag the memory figures are refused.
// With REDIS_URL set it joins a cluster through @socket.io/redis-adapter (the two-node scenario),
// as the Java fixture does with -Dbench.redis.
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { Server } from "socket.io";

const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false });

if (process.env.REDIS_URL) {
  const { createClient } = await import("redis");
  const { createAdapter } = await import("@socket.io/redis-adapter");
  const pub = createClient({ url: process.env.REDIS_URL });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub));
}

// The socket.io performance-tuning advice: drop the handshake request each session keeps, which is
// most of its per-socket memory. The Java servers keep only the few handshake fields they expose.
io.engine.on("connection", (rawSocket) => {
  rawSocket.request = null;
});

io.on("connection", (socket) => {
  socket.on("ping", (arg, ack) => {
    if (typeof ack === "function") ack(arg);
  });
  socket.on("bcast", (arg) => {
    io.emit("bcast", arg);
  });
});

function memory() {
  if (typeof globalThis.gc !== "function") {
    return { error: "start node with --expose-gc" };
  }
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, direct: m.external, rss: m.rss };
}

const port = Number(process.env.PORT || 0);
httpServer.listen(port, "127.0.0.1", () => {
  process.stdout.write(`READY ${httpServer.address().port}\n`);
});

const control = createInterface({ input: process.stdin });
control.on("line", (line) => {
  const command = line.trim();
  if (command === "mem") {
    process.stdout.write(`MEM ${JSON.stringify(memory())}\n`);
  } else if (command === "quit") {
    process.exit(0);
  }
});
control.on("close", () => process.exit(0));
