// A Node peer for the redis-adapter JUnit suites: a socket.io 4.8 server with
// @socket.io/redis-adapter 8.x, official socket.io-client connections, and @socket.io/redis-emitter,
// driven over stdin/stdout with one JSON object per line.
//
//   request:  {"id": 1, "cmd": "startServer", ...}
//   reply:    {"id": 1, "ok": true, "result": ...}  or  {"id": 1, "ok": false, "error": "..."}
//
// Binary values travel as {"$bin": "<base64>"} both ways. The server's handlers mirror the Java
// test nodes (JavaNode.java): join/leave/relay/whoami, socket.data = {node}, server-side "ping".
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { Server } from "socket.io";
import { io as connect } from "socket.io-client";
import { createClient } from "redis";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { createAdapter as createStreamsAdapter } from "@socket.io/redis-streams-adapter";
import { createAdapter as createPostgresAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import { Emitter } from "@socket.io/redis-emitter";

const WAIT_MS = 10000;

function toWire(value) {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return { $bin: Buffer.from(value instanceof ArrayBuffer ? new Uint8Array(value) : value).toString("base64") };
  }
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  }
  return value;
}

function fromWire(value) {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value && typeof value === "object") {
    if (typeof value.$bin === "string" && Object.keys(value).length === 1) return Buffer.from(value.$bin, "base64");
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromWire(v)]));
  }
  return value;
}

function send(message) {
  process.stdout.write(JSON.stringify(message) + "\n");
}

/** One queue per (client, event): waiters get arrivals in order. */
class Inbox {
  constructor() {
    this.items = [];
    this.waiters = [];
  }
  push(args) {
    const waiter = this.waiters.shift();
    if (waiter) waiter(args);
    else this.items.push(args);
  }
  next(timeoutMs, what) {
    if (this.items.length) return Promise.resolve(this.items.shift());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(done), 1);
        reject(new Error(`${what} did not arrive within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (args) => {
        clearTimeout(timer);
        resolve(args);
      };
      this.waiters.push(done);
    });
  }
  drain() {
    return this.items.splice(0);
  }
}

const state = {
  io: null,
  http: null,
  redisClients: [],
  serverSideEvents: [],
  clients: new Map(), // name -> {socket, inboxes: Map, disconnected: Promise}
  emitterClient: null,
};

function inbox(client, event) {
  if (!client.inboxes.has(event)) client.inboxes.set(event, new Inbox());
  return client.inboxes.get(event);
}

function operator(cmd) {
  let op = state.io;
  if (cmd.rooms && cmd.rooms.length) op = op.to(cmd.rooms);
  if (cmd.except && cmd.except.length) op = op.except(cmd.except);
  if (cmd.local) op = op.local;
  return op;
}

function client(name) {
  const c = state.clients.get(name);
  if (!c) throw new Error(`no client named ${name}`);
  return c;
}

// The handlers the Java test nodes have too (JavaNode.java), then listen on a free port.
async function listen() {
  state.io.on("connection", (socket) => {
    socket.data = { node: "node" };
    socket.on("join", (room, ack) => {
      socket.join(room);
      ack?.("joined");
    });
    socket.on("leave", (room, ack) => {
      socket.leave(room);
      ack?.("left");
    });
    socket.on("relay", (x) => socket.broadcast.emit("relayed", x));
    socket.on("whoami", (ack) => ack("node"));
  });
  state.io.on("ping", (...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    state.serverSideEvents.push(toWire(args));
    ack?.("pong-node");
  });
  await new Promise((resolve) => state.http.listen(0, "127.0.0.1", resolve));
  return { port: state.http.address().port };
}

async function startPostgresServer(url) {
  state.pgPool = new pg.Pool({ connectionString: url, max: 4 });
  state.pgPool.on("error", () => {});
  state.http = createServer();
  state.io = new Server(state.http, { adapter: createPostgresAdapter(state.pgPool) });
  return listen();
}

const commands = {
  async startServer({ redisUrl, postgresUrl, mode }) {
    if (mode === "postgres") return startPostgresServer(postgresUrl);
    const pub = createClient({ url: redisUrl });
    const sub = pub.duplicate();
    pub.on("error", () => {});
    sub.on("error", () => {});
    await Promise.all([pub.connect(), sub.connect()]);
    state.redisClients.push(pub, sub);
    // The streams adapter runs with connection state recovery on, as the Java nodes of its suites do.
    const streams = mode === "streams";
    const adapter = streams ? createStreamsAdapter(pub)
      : mode === "sharded" ? createShardedAdapter(pub, sub) : createAdapter(pub, sub);
    state.http = createServer();
    state.io = new Server(state.http, streams ? { adapter, connectionStateRecovery: {} } : { adapter });
    return listen();
  },

  async serverEmit(cmd) {
    operator(cmd).emit(cmd.event, ...fromWire(cmd.args ?? []));
    return null;
  },

  // node-redis fails a command written to a connection that just died (and the Node adapters drop
  // that publication); once it knows Redis is away, it queues commands until Redis is back.
  async awaitRedisDown() {
    const deadline = Date.now() + WAIT_MS;
    while (state.redisClients.some((c) => c.isReady)) {
      if (Date.now() > deadline) throw new Error("the Node server's Redis clients did not notice the outage");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return null;
  },

  async serverEmitMany({ event, tag, from, to }) {
    for (let i = from; i < to; i++) state.io.emit(event, tag, i);
    return null;
  },

  async serverEmitWithAck(cmd) {
    const responses = await operator(cmd).timeout(cmd.timeout ?? 5000).emitWithAck(cmd.event, ...fromWire(cmd.args ?? []));
    return toWire(responses);
  },

  async fetchSockets(cmd) {
    const sockets = await operator(cmd).fetchSockets();
    return sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], data: toWire(s.data), url: s.handshake.url }));
  },

  async remoteEmit(cmd) {
    const sockets = await state.io.fetchSockets();
    const target = sockets.find((s) => s.id === cmd.socketId);
    if (!target) throw new Error(`socket ${cmd.socketId} not found`);
    target.emit(cmd.event, ...fromWire(cmd.args ?? []));
    return null;
  },

  async socketsJoin(cmd) {
    operator(cmd).socketsJoin(cmd.target);
    return null;
  },

  async socketsLeave(cmd) {
    operator(cmd).socketsLeave(cmd.target);
    return null;
  },

  async disconnectSockets(cmd) {
    operator(cmd).disconnectSockets(cmd.close ?? false);
    return null;
  },

  async serverSideEmit(cmd) {
    state.io.serverSideEmit(cmd.event, ...fromWire(cmd.args ?? []));
    return null;
  },

  async serverSideEmitWithAck(cmd) {
    return toWire(await state.io.serverSideEmitWithAck(cmd.event, ...fromWire(cmd.args ?? [])));
  },

  async serverSideEvents() {
    return state.serverSideEvents.splice(0);
  },

  async serverCount() {
    return state.io.of("/").adapter.serverCount();
  },

  async allRooms() {
    return [...(await state.io.of("/").adapter.allRooms())];
  },

  async serverSockets() {
    return [...state.io.of("/").sockets.keys()];
  },

  async connectClient({ name, url, events = [], transports }) {
    const socket = connect(url, { forceNew: true, reconnection: false, ...(transports ? { transports } : {}) });
    const c = { socket, inboxes: new Map() };
    c.disconnected = new Promise((resolve) => socket.on("disconnect", (reason) => resolve(reason)));
    for (const event of events) socket.on(event, (...args) => inbox(c, event).push(toWire(args)));
    socket.on("ask", (...args) => {
      const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
      inbox(c, "ask").push(toWire(args));
      ack?.(name);
    });
    state.clients.set(name, c);
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not connect to ${url}`)), WAIT_MS);
      socket.once("connect", () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once("connect_error", (err) => {
        clearTimeout(timer);
        reject(new Error(`${name} could not connect: ${err.message}`));
      });
    });
    return { id: socket.id };
  },

  // Connection state recovery: the client loses its transport (the server sees "transport close"
  // and keeps its session), then comes back through another server, as behind a load balancer
  // that sent it elsewhere; the manager keeps the socket's private id and last offset.
  async dropClient({ name }) {
    const c = client(name);
    const gone = c.disconnected;
    c.socket.io.engine.close();
    const reason = await gone;
    c.disconnected = new Promise((resolve) => c.socket.once("disconnect", (r) => resolve(r)));
    return reason;
  },

  async reconnectClient({ name, url }) {
    const c = client(name);
    c.socket.io.uri = url;
    const connected = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not reconnect to ${url}`)), WAIT_MS);
      c.socket.once("connect", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    c.socket.connect();
    await connected;
    return { id: c.socket.id, recovered: c.socket.recovered };
  },

  async nextEvent({ name, event, timeout }) {
    return inbox(client(name), event).next(timeout ?? WAIT_MS, `"${event}" at ${name}`);
  },

  async drainEvents({ name, event }) {
    return inbox(client(name), event).drain();
  },

  async clientEmit({ name, event, args }) {
    client(name).socket.emit(event, ...fromWire(args ?? []));
    return null;
  },

  async clientEmitWithAck({ name, event, args }) {
    const answer = await client(name).socket.timeout(WAIT_MS).emitWithAck(event, ...fromWire(args ?? []));
    return toWire(answer);
  },

  async awaitDisconnect({ name }) {
    const c = client(name);
    return Promise.race([
      c.disconnected,
      new Promise((_, reject) => setTimeout(() => reject(new Error(`${name} was not disconnected`)), WAIT_MS)),
    ]);
  },

  async closeClient({ name }) {
    const c = client(name);
    c.socket.close();
    state.clients.delete(name);
    return null;
  },

  async emit(cmd) {
    // @socket.io/redis-emitter: a process without a socket.io server publishing into the cluster.
    if (!state.emitterClient) {
      state.emitterClient = createClient({ url: cmd.redisUrl });
      state.emitterClient.on("error", () => {});
      await state.emitterClient.connect();
    }
    let emitter = new Emitter(state.emitterClient);
    if (cmd.nsp) emitter = emitter.of(cmd.nsp);
    let op = emitter;
    if (cmd.rooms && cmd.rooms.length) op = op.to(cmd.rooms);
    if (cmd.except && cmd.except.length) op = op.except(cmd.except);
    switch (cmd.action ?? "emit") {
      case "emit":
        op.emit(cmd.event, ...fromWire(cmd.args ?? []));
        break;
      case "socketsJoin":
        op.socketsJoin(cmd.target);
        break;
      case "socketsLeave":
        op.socketsLeave(cmd.target);
        break;
      case "disconnectSockets":
        op.disconnectSockets(cmd.close ?? false);
        break;
      case "serverSideEmit":
        emitter.serverSideEmit(cmd.event, ...fromWire(cmd.args ?? []));
        break;
      default:
        throw new Error(`unknown emitter action ${cmd.action}`);
    }
    return null;
  },

  async shutdown() {
    for (const c of state.clients.values()) c.socket.close();
    state.clients.clear();
    if (state.io) await new Promise((resolve) => state.io.close(() => resolve()));
    for (const r of [...state.redisClients, state.emitterClient].filter(Boolean)) {
      await r.quit().catch(() => {});
    }
    if (state.pgPool) await state.pgPool.end().catch(() => {});
    setImmediate(() => process.exit(0));
    return null;
  },
};

const lines = createInterface({ input: process.stdin });
lines.on("line", async (line) => {
  if (!line.trim()) return;
  let request;
  try {
    request = JSON.parse(line);
  } catch (e) {
    send({ id: null, ok: false, error: `bad request: ${e.message}` });
    return;
  }
  const handler = commands[request.cmd];
  if (!handler) {
    send({ id: request.id, ok: false, error: `unknown command ${request.cmd}` });
    return;
  }
  try {
    const result = await handler(request);
    send({ id: request.id, ok: true, result: result ?? null });
  } catch (e) {
    send({ id: request.id, ok: false, error: String(e?.stack ?? e) });
  }
});
lines.on("close", () => process.exit(0));
send({ ready: true, node: process.version });
