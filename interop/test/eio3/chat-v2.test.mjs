// The chat example (its real server, with allowEIO3 on) joined by a socket.io-client 2.5 page and
// a socket.io-client 4.8 page at once: both are greeted, each sees the other's chat messages and
// room messages, and the v2 user's departure reaches the v4 one.
// It drives the chat example's own Netty server, so it runs on that binding alone.
// Bindings: netty

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import ioV2 from "socket.io-client-v2";
import { io } from "socket.io-client";
import { createChat } from "../fixture.mjs";
import { nextEvent, withTimeout, TIMEOUT } from "../engineio/support.mjs";

let server;
const sockets = [];

/** The first chat line with this text that the socket receives. */
function said(socket, text) {
  return withTimeout(new Promise((resolve) => {
    const listener = (line) => {
      if (line.text === text) {
        socket.off("chat message", listener);
        resolve(line);
      }
    };
    socket.on("chat message", listener);
  }), TIMEOUT, `the chat line "${text}"`);
}

/** The presence batch that says this socket id left. */
function leaving(socket, id) {
  return withTimeout(new Promise((resolve) => {
    const listener = (change) => {
      if (change.left.includes(id)) {
        socket.off("presence", listener);
        resolve(change);
      }
    };
    socket.on("presence", listener);
  }), TIMEOUT, `the leaving of ${id}`);
}

before(async () => {
  server = await createChat();
});

after(async () => {
  for (const s of sockets) s.disconnect();
  assert.equal(await server.clientsCount({ equals: 0 }), 0);
  await server?.close();
});

test("a v2 and a v4 client chat together, in the open and in a room", async () => {
  const old = ioV2(server.url, { forceNew: true, reconnection: false });
  sockets.push(old);
  const seen = [];
  old.io.on("packet", (p) => seen.push(JSON.stringify(p)));
  const [greeting] = await nextEvent(old, "welcome", { failOn: ["error"] }).catch((e) => {
    throw new Error(`v2 welcome: ${e.message}; v2 packets: ${seen.join(" ")}; engine ${old.io.engine?.readyState}`);
  });
  assert.match(greeting, /^Hello, you are connected!/);
  const current = io(server.url, { forceNew: true, reconnection: false });
  sockets.push(current);
  // Who is online reaches the newcomer with the next presence batch (within 200 ms).
  const listed = nextEvent(current, "online");
  await nextEvent(current, "welcome", { failOn: ["connect_error"] }).catch((e) => {
    throw new Error(`v4 welcome: ${e.message}; connected ${current.connected}`);
  });

  // Everyone gets every chat message, the sender too: each waits for the line it expects.
  const toCurrent = said(current, "hello from 2.x");
  old.emit("chat message", "hello from 2.x");
  assert.equal((await toCurrent).from, `guest-${old.id.slice(0, 4)}`);

  const toOld = said(old, "hello from 4.x");
  current.emit("chat message", "hello from 4.x");
  assert.equal((await toOld).from, `guest-${current.id.slice(0, 4)}`);

  const joined = (s) => new Promise((resolve) => s.emit("join room", "lobby", resolve));
  await joined(old);
  await joined(current);
  const inRoom = nextEvent(old, "room message");
  current.emit("room message", { room: "lobby", text: "in the lobby" });
  const [roomLine] = await inRoom;
  assert.equal(roomLine.room, "lobby");
  assert.equal(roomLine.text, "in the lobby");

  // A leaving is told to those who have the list: one who left before it came is simply not in it.
  const [list] = await listed;
  const oldId = old.id;
  assert.ok(list.some((u) => u.id === oldId), "the v2 user in the v4 user's online list");
  const left = leaving(current, oldId);
  old.disconnect();
  assert.deepEqual((await left).left, [oldId]);
});
