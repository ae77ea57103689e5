// The chat example in a real browser: headless Chromium (Debian's, driven by playwright-core)
// opens the page the Java app serves, with the client bundle from /socket.io/socket.io.js, and
// people chat through it as they would: typing, clicking, reloading.
// Bindings: netty
//
// Each page has its own browser context (its own person). What a page received is read from the
// page itself, and, to show that something did NOT arrive, from the Socket.IO traffic it received
// (WebSocket frames and polling responses), checked after a later message that did arrive.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { createChat } from "../fixture.mjs";

const CHROMIUM = "/usr/bin/chromium";
/** Deadline for one thing a person would wait for (a message, a reconnection). */
const WAIT = 10_000;
const TARGET = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "target");
const SCREENSHOT = join(TARGET, "chat-browser.png");

let server;
let browser;
/** Every page opened, so each is checked for errors and closed. */
const people = [];

before(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error("Chromium is needed for the browser test: apt-get install chromium");
  }
  server = await createChat();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // No background connections: this machine's network is closed, and the test needs none.
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  try {
    await browser?.close();
    if (server) {
      assert.equal(await server.clientsCount({ equals: 0 }), 0, "sessions left open after the browser closed");
    }
  } finally {
    await server?.close();
  }
});

/** Waits until `condition()` is truthy, checking every 20 ms, or fails after `timeout` naming `what`. */
async function until(condition, what, timeout = WAIT) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Opens the chat page as a new person, recording its errors, the bundle response and its traffic. */
async function open(label) {
  const context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
  const page = await context.newPage();
  const person = { label, context, page, errors: [], bundles: [], received: [] };
  page.on("console", (m) => {
    if (m.type() === "error") person.errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => person.errors.push(`uncaught: ${e.message}`));
  page.on("requestfailed", (r) => {
    // A reload cancels what the old page had in flight; anything else is a failure.
    if (r.failure()?.errorText !== "net::ERR_ABORTED") {
      person.errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
    }
  });
  page.on("response", (r) => {
    const url = new URL(r.url());
    if (r.status() >= 400) person.errors.push(`HTTP ${r.status()} for ${r.url()}`);
    if (url.pathname === "/socket.io/socket.io.js") person.bundles.push(r);
    if (url.pathname === "/socket.io/" && url.searchParams.get("transport") === "polling" && r.request().method() === "GET") {
      r.text().then((t) => person.received.push(t), () => {});
    }
  });
  page.on("websocket", (ws) => ws.on("framereceived", (f) => person.received.push(String(f.payload))));
  people.push(person);
  await page.goto(server.url + "/");
  await connected(person);
  return person;
}

/** Waits for the page to say it is connected, and answers its socket id. */
async function connected(person) {
  await person.page.locator("#status", { hasText: /^connected$/ }).waitFor({ timeout: WAIT });
  return socketId(person);
}

/** The page's Socket.IO socket id and Engine.IO session id, from the page's own `socket`. */
async function socketId(person) {
  return person.page.evaluate(() => ({ id: socket.id, sid: socket.io.engine.id }));
}

/** Types a message and sends it, in whatever channel the page shows. */
async function say(person, text) {
  await person.page.getByPlaceholder("Type a message").fill(text);
  await person.page.getByRole("button", { name: "Send", exact: true }).click();
}

/** Waits for a line containing `text` in the page's message list. */
async function sees(person, text) {
  await person.page.locator("#messages li", { hasText: text }).first().waitFor({ timeout: WAIT });
}

async function setName(person, name) {
  await person.page.getByPlaceholder("your name").fill(name);
  await person.page.getByRole("button", { name: "Set", exact: true }).click();
}

async function joinRoom(person, room) {
  await person.page.getByPlaceholder("join a room").fill(room);
  await person.page.getByRole("button", { name: "Join", exact: true }).click();
  await person.page.locator("#channel", { hasText: room }).waitFor({ timeout: WAIT });
}

async function openChannel(person, name) {
  await person.page.locator("#rooms button", { hasText: name }).first().click();
  await person.page.locator("#channel", { hasText: name }).waitFor({ timeout: WAIT });
}

let alice;
let bob;
let carol;

test("the page loads the client bundle from /socket.io/socket.io.js and connects", async () => {
  alice = await open("alice");
  const [bundle] = alice.bundles;
  assert.ok(bundle, "the page asked for /socket.io/socket.io.js");
  assert.equal(bundle.status(), 200);
  assert.match(bundle.headers()["content-type"], /javascript/);
  assert.equal(await alice.page.evaluate(() => typeof io), "function", "the bundle defines io()");
  await sees(alice, "Hello, you are connected!");
  assert.equal(await alice.page.title(), "Switchboard chat");
});

test("a message typed in one page appears in the other", async () => {
  bob = await open("bob");
  await say(alice, "hi from the first page");
  await sees(bob, "hi from the first page");
  await sees(alice, "hi from the first page");
  await say(bob, "and hello back");
  await sees(alice, "and hello back");
});

test("a name set in one page appears in the online list of the other", async () => {
  await setName(alice, "Alice");
  await setName(bob, "Bob");
  await bob.page.locator("#online li", { hasText: /^Alice$/ }).waitFor({ timeout: WAIT });
  await alice.page.locator("#online li", { hasText: /^Bob$/ }).waitFor({ timeout: WAIT });
  await alice.page.locator("#online li", { hasText: /^Alice \(you\)$/ }).waitFor({ timeout: WAIT });
  await sees(bob, "is now Alice");
  await say(alice, "my name shows now");
  await bob.page.locator("#messages li", { hasText: "my name shows now" }).locator(".from", { hasText: "Alice" }).waitFor({ timeout: WAIT });
});

/** Whether a frame a page received is a presence batch whose list `key` names this socket id. */
function presence(frame, key, id) {
  // A poll response holds several packets, separated by a record separator.
  return frame.split("\x1e").some((packet) => {
    if (!packet.startsWith('42["presence",')) return false;
    const change = JSON.parse(packet.slice(2))[1];
    return change[key].some((u) => (typeof u === "string" ? u : u.id) === id);
  });
}

test("a newcomer gets the whole online list once, the others only who joined and who left", async () => {
  const listsBefore = bob.received.filter((t) => t.includes('["online"')).length;
  const dave = await open("dave");
  const { id } = await socketId(dave);
  const guest = "guest-" + id.slice(0, 4);
  await dave.page.locator("#online li", { hasText: /^Alice$/ }).waitFor({ timeout: WAIT });
  await dave.page.locator("#online li", { hasText: /^Bob$/ }).waitFor({ timeout: WAIT });
  await dave.page.locator("#online li", { hasText: `${guest} (you)` }).waitFor({ timeout: WAIT });
  await alice.page.locator("#online li", { hasText: new RegExp(`^${guest}$`) }).waitFor({ timeout: WAIT });
  await until(() => bob.received.some((t) => presence(t, "joined", id)), "Dave's arrival in Bob's traffic");
  assert.equal(bob.received.filter((t) => t.includes('["online"')).length, listsBefore,
    "the whole list went to a page that already had it");

  // Closed while still polling, the page would leave only at the heartbeat timeout (45 s); once
  // upgraded, its WebSocket closes with the page and the server sees it at once.
  await until(() => dave.page.evaluate(() => socket.io.engine.transport.name === "websocket"), "Dave's upgrade");
  await dave.context.close();
  await until(async () => (await alice.page.locator("#online li", { hasText: guest }).count()) === 0,
    "Dave to leave Alice's online list");
  await until(() => bob.received.some((t) => presence(t, "left", id)), "Dave's leaving in Bob's traffic");
  assert.equal(await alice.page.locator("#online-count").textContent(), "2");
});

test("a room message reaches the other member, and not a page outside the room", async () => {
  carol = await open("carol");
  await joinRoom(alice, "lobby");
  await joinRoom(bob, "lobby");
  await sees(alice, "Bob joined #lobby");

  const secret = "only for the lobby " + Date.now();
  await say(alice, secret);
  await sees(bob, secret);
  await sees(alice, secret);

  // Sent after the room message by the same person, so it reaches Carol after the room message
  // would have: once she has it, the room message has not come and will not.
  await openChannel(alice, "Everyone");
  const marker = "for everyone, after the room message " + Date.now();
  await say(alice, marker);
  await sees(carol, marker);
  await until(() => carol.received.some((t) => t.includes(marker)), "the marker in Carol's traffic");
  assert.ok(!carol.received.some((t) => t.includes(secret)), "the room message reached a page outside the room");
  assert.ok(!(await carol.page.content()).includes(secret), "a page outside the room shows the room message");
  assert.ok(bob.received.some((t) => t.includes(secret)), "the room message is in a member's traffic");
});

test("a reloaded page reconnects with a new socket id, is welcomed again and can chat", async () => {
  const first = await socketId(carol);
  await carol.page.reload();
  const afterReload = await connected(carol);
  assert.notEqual(afterReload.id, first.id, "a new socket id after the reload");
  assert.notEqual(afterReload.sid, first.sid, "a new Engine.IO session after the reload");
  await sees(carol, `Hello, you are connected! You are guest-${afterReload.id.slice(0, 4)}.`);
  const old = await server.session(first.sid, { until: "closed", timeout: WAIT });
  assert.equal(old.open, false, "the server closed the old page's session");

  await say(carol, "back after a reload");
  await sees(alice, "back after a reload");
  // Bob is looking at the lobby: the line waits in Everyone, which counts it as unread.
  const badge = bob.page.locator('#rooms button[data-room=""] .unread');
  await until(async () => Number(await badge.textContent()) >= 1 && (await badge.isVisible()), "Bob's unread count for Everyone");
  await openChannel(bob, "Everyone");
  await sees(bob, "back after a reload");
  assert.equal(await badge.isVisible(), false, "the unread count is gone once the channel is shown");
});

test("a page whose connection the server drops reconnects by itself, with its name and rooms", async () => {
  const first = await socketId(alice);
  await server.closeSession(first.sid);
  await alice.page.locator("#status", { hasText: /^disconnected/ }).waitFor({ timeout: WAIT });
  const again = await until(async () => {
    const now = await socketId(alice);
    return now.id && now.id !== first.id && (await alice.page.locator("#status").textContent()) === "connected" && now;
  }, "the page to reconnect");
  assert.notEqual(again.sid, first.sid);
  // The page gave its name in the handshake: welcomed under it, not renamed from a guest again.
  await sees(alice, "Hello, you are connected! You are Alice.");

  // The server forgot the room and name with the old socket: the page told it again on connect,
  // before this message, so it is accepted in the room and signed with the name.
  await openChannel(alice, "lobby");
  await openChannel(bob, "lobby");
  await say(alice, "still in the lobby after a reconnection");
  await bob.page
    .locator("#messages li", { hasText: "still in the lobby after a reconnection" })
    .locator(".from", { hasText: /^Alice$/ })
    .waitFor({ timeout: WAIT });
  const renames = bob.received.join("\n").split("is now Alice").length - 1;
  assert.equal(renames, 1, "Bob was told Alice's name once, not again after her reconnection");
});

test("a page that leaves a room with its button no longer gets that room's messages", async () => {
  await bob.page.getByRole("button", { name: "Leave room" }).click();
  await bob.page.locator("#channel", { hasText: /^Everyone$/ }).waitFor({ timeout: WAIT });
  assert.equal(await bob.page.locator("#rooms button", { hasText: "lobby" }).count(), 0, "the room's button is gone");
  await sees(alice, "Bob left #lobby");

  const secret = "in the lobby after Bob left " + Date.now();
  await say(alice, secret);
  await sees(alice, secret);
  await openChannel(alice, "Everyone");
  const marker = "for everyone, after Bob left " + Date.now();
  await say(alice, marker);
  await sees(bob, marker);
  await until(() => bob.received.some((t) => t.includes(marker)), "the marker in Bob's traffic");
  assert.ok(!bob.received.some((t) => t.includes(secret)), "a room message reached a page that left the room");

  // For a person to look at: Alice's page with the lobby's unread line waiting.
  await say(bob, "see you later");
  await sees(alice, "see you later");
  await joinRoom(carol, "lobby");
  await say(carol, "anyone still in the lobby?");
  const badge = alice.page.locator('#rooms button[data-room="lobby"] .unread');
  await until(async () => (await badge.isVisible()) && Number(await badge.textContent()) >= 1, "Alice's unread count for the lobby");
  mkdirSync(TARGET, { recursive: true });
  await alice.page.screenshot({ path: SCREENSHOT });
});

test("no page logged an error", () => {
  for (const p of people) {
    assert.deepEqual(p.errors, [], `errors in ${p.label}'s page`);
    assert.ok(p.bundles.every((r) => r.status() === 200 || r.status() === 304), `${p.label}'s bundle responses`);
  }
});
