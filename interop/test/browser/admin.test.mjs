// The Socket.IO admin UI in a real browser: headless Chromium (Debian's, driven by playwright-core)
// opens the UI's own page, the `ui/dist` that the npm package @socket.io/admin-ui ships, served by
// the Java fixture beside a server instrumented with AdminUi, and an operator uses it as they
// would: logs in through its form, reads the socket and room lists, clicks a socket's disconnect
// button.
// Bindings: netty
//
// The sockets and rooms are the test's own: socket.io-client connections from Node that join
// rooms. What the UI shows is read from the page; what its actions did, from the Node clients and
// from the server.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { io } from "socket.io-client";
import { createAdmin } from "../fixture.mjs";

const CHROMIUM = "/usr/bin/chromium";
/** Deadline for one thing an operator would wait for (a login, a list, a disconnection). */
const WAIT = 10_000;
const PASSWORD = "s3cret-for-the-ui";
const TARGET = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "target");
/** What the UI showed last, for a person to look at. */
const SCREENSHOT = join(TARGET, "admin-browser.png");

let server;
let browser;
let context;
let page;
/** Errors the page threw, checked at the end. */
const pageErrors = [];
/** The test's own sockets, by name. */
const users = {};

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

/** A socket.io-client socket of the main namespace, connected and in `rooms` on the server. */
async function user(name, rooms) {
  const socket = io(server.url, { forceNew: true, reconnection: false, transports: ["websocket"] });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  for (const room of rooms) socket.emit("join", room);
  await until(async () => {
    const onServer = (await server.sockets())[socket.id];
    return onServer && rooms.every((r) => onServer.includes(r));
  }, `${name} in ${rooms} on the server`);
  users[name] = socket;
  return socket;
}

/** Fills the UI's connection form and submits it. */
async function logIn(password) {
  await page.getByLabel("Server URL").fill(server.url);
  await page.getByLabel("Username").fill("admin");
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Connect", exact: true }).click();
}

/** Moves to one of the UI's views (it routes on the URL's hash) without reloading the page. */
async function view(hash) {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
}

/** The row of the current table whose text contains `text`. */
function row(text) {
  return page.locator("tbody tr", { hasText: text });
}

before(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error("Chromium is needed for the browser test: apt-get install chromium");
  }
  server = await createAdmin({ password: PASSWORD });
  await user("alice", ["lobby"]);
  await user("bob", ["lobby", "vip"]);
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
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // The page asks for web fonts and icons from other origins; the network is closed here, and
  // the test reads text and classes, not glyphs, so anything not from the fixture is refused.
  await context.route(
    (url) => url.origin !== server.url,
    (route) => route.abort(),
  );
  page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(server.url + "/");
});

after(async () => {
  try {
    for (const socket of Object.values(users)) socket.close();
    await browser?.close();
    if (server) {
      assert.equal(await server.clientsCount({ equals: 0 }), 0, "sessions left open after the browser and clients closed");
    }
  } finally {
    await server?.close();
  }
});

test("the UI's login form refuses a wrong password with its own message", async () => {
  await logIn("not the password");
  await page.getByText("Invalid credentials").waitFor({ timeout: WAIT });
});

test("with the password, the UI lists the test's sockets, and its rooms with their members", async () => {
  await logIn(PASSWORD);
  await page.getByRole("dialog").waitFor({ state: "hidden", timeout: WAIT });

  await view("#/sockets/");
  await row(users.alice.id).waitFor({ timeout: WAIT });
  await row(users.bob.id).waitFor({ timeout: WAIT });
  assert.match(await row(users.alice.id).innerText(), /WebSocket/);

  await view("#/rooms/");
  // Each row: the room's name, its type, and how many sockets it has.
  await row("lobby").waitFor({ timeout: WAIT });
  await until(async () => /\b2\b/.test(await row("lobby").innerText()), "lobby listed with 2 sockets");
  await until(async () => /\b1\b/.test(await row("vip").innerText()), "vip listed with 1 socket");

  // The server list comes from the server_stats reports: the fixture's id and this process's clients
  // (the two Node sockets and the page's).
  await view("#/servers/");
  await row("switchboard-interop").waitFor({ timeout: WAIT });
  // Its columns: id, host name, pid, uptime, clients, last report, status.
  const clients = row("switchboard-interop").locator("td").nth(4);
  await until(async () => (await clients.innerText()).trim() === "3", "the server listed with 3 clients");
});

test("the UI's disconnect button disconnects the socket on the server", async () => {
  const bob = users.bob;
  const bobId = bob.id;
  const reason = new Promise((resolve) => bob.once("disconnect", resolve));

  await view("#/sockets/");
  await row(bobId).locator("button:has(.mdi-logout)").click();

  assert.equal(await reason, "io server disconnect");
  await until(async () => !((bobId in (await server.sockets()))), "bob gone from the server");
  assert.ok((await server.sockets())[users.alice.id], "alice still connected");
  // The UI learns it from the feed and drops the row.
  await view("#/sockets/");
  await row(users.alice.id).waitFor({ timeout: WAIT });
  await row(bobId).waitFor({ state: "detached", timeout: WAIT });
});

test("a reload logs in again with the session the server gave, without the form", async () => {
  await page.reload();
  await view("#/sockets/");
  await row(users.alice.id).waitFor({ timeout: WAIT });
  assert.equal(await page.getByRole("dialog").isVisible(), false, "the login form is not shown");
  mkdirSync(TARGET, { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  assert.deepEqual(pageErrors, [], "errors thrown in the page");
});
