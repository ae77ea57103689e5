// Two people chat in the Spring Boot chat's page in headless Chromium (Debian's, driven by
// playwright-core from the interop module's npm packages), driven by SpringBootChatBrowserTest.
// The page comes from CHAT_URL, the Spring application's one port, with the client bundle from
// /socket.io/socket.io.js. Each person has a browser context of their own.
//
// It prints one JSON line per step and waits, after "connected" and after "reloaded", for a line
// on standard input, so the Java test can look at the server while the pages are open. The last
// line is the "result". Exits 1 with an "error" line on any failure or after 25 s.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import readline from "node:readline";

const CHROMIUM = "/usr/bin/chromium";
/** Deadline for one thing a person would wait for (a line, a connection). */
const WAIT = 10_000;

const print = (o) => process.stdout.write(JSON.stringify(o) + "\n");
let browser;
const fail = async (error) => {
  print({ event: "error", error: String(error?.stack ?? error) });
  await browser?.close().catch(() => {});
  process.exit(1);
};
const timer = setTimeout(() => fail("timed out after 25 s"), 25_000);

const stdin = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
/** Waits until the Java test says to go on (or fails when it closed our input). */
async function goOn() {
  const { done } = await stdin.next();
  if (done) throw new Error("the Java test closed standard input");
}

/** Opens the page as a new person, recording its errors and the bundle's responses. */
async function open(label) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const person = { label, context, page, errors: [], bundles: [] };
  page.on("console", (m) => {
    if (m.type() === "error") person.errors.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => person.errors.push(`uncaught: ${e.message}`));
  page.on("requestfailed", (r) => {
    // A reload cancels what the old page had in flight (a pending poll); anything else is a failure.
    if (r.failure()?.errorText !== "net::ERR_ABORTED") {
      person.errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
    }
  });
  page.on("response", (r) => {
    if (r.status() >= 400) person.errors.push(`HTTP ${r.status()} for ${r.url()}`);
    if (new URL(r.url()).pathname === "/socket.io/socket.io.js") {
      person.bundles.push({ status: r.status(), contentType: r.headers()["content-type"] });
    }
  });
  await page.goto(process.env.CHAT_URL + "/");
  return person;
}

/**
 * Waits for the page to say "connected" and be greeted, and for its session to be upgraded to
 * WebSocket (closed while still polling, a page would leave the server only at the heartbeat
 * timeout; a WebSocket closes with the page), and answers the page's socket id and transport.
 */
async function connected(person) {
  await person.page.locator("#status", { hasText: /^connected$/ }).waitFor({ timeout: WAIT });
  // The greeting comes from the connect handler, which has named the socket by then.
  await sees(person, "Hello, you are connected!");
  await person.page.waitForFunction(() => socket.connected && socket.io.engine.transport.name === "websocket",
    null, { timeout: WAIT });
  return person.page.evaluate(() => ({ id: socket.id, transport: socket.io.engine.transport.name }));
}

/** Types a line and sends it with the Send button, as a person would. */
async function say(person, text) {
  await person.page.getByPlaceholder("Type a message").fill(text);
  await person.page.getByRole("button", { name: "Send", exact: true }).click();
}

/** Waits for a line containing `text` in the page's message list. */
async function sees(person, text) {
  await person.page.locator("#messages li", { hasText: text }).first().waitFor({ timeout: WAIT });
}

/** What the page shows in its message list: system lines as text, chat lines as who and what. */
function shown(person) {
  return person.page.evaluate(() => [...document.querySelectorAll("#messages li")].map((li) => {
    const from = li.querySelector(".from");
    return from ? `${from.textContent}: ${from.nextSibling.textContent}` : li.textContent;
  }));
}

try {
  if (!existsSync(CHROMIUM)) {
    throw new Error("Chromium is needed for the browser test: apt-get install chromium");
  }
  const require = createRequire(path.join(process.env.INTEROP_DIR, "package.json"));
  const { chromium } = require("playwright-core");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // No background connections: this machine's network is closed, and the test needs none.
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });

  const a = await open("A");
  const first = { a: await connected(a) };
  const b = await open("B");
  first.b = await connected(b);
  const pageFacts = await a.page.evaluate(() => ({ title: document.title, io: typeof io }));
  print({ event: "connected", ...first, ...pageFacts });
  await goOn();

  await say(a, "hello from A");
  await sees(b, "hello from A");
  await sees(a, "hello from A");
  const seenByB = await shown(b);

  await b.page.reload();
  const reloaded = await connected(b);
  print({ event: "reloaded", b: reloaded });
  await goOn();

  await say(b, "back after a reload");
  await sees(a, "back after a reload");
  await say(a, "welcome back");
  // Each page shows the line when its own copy arrives: wait for both before reading either.
  await sees(b, "welcome back");
  await sees(a, "welcome back");
  const seenByA = await shown(a);
  const seenByBAfterReload = await shown(b);

  await browser.close();
  clearTimeout(timer);
  print({
    event: "result",
    bundles: { a: a.bundles, b: b.bundles },
    seenByB,
    seenByA,
    seenByBAfterReload,
    errors: [...a.errors, ...b.errors],
  });
  process.exit(0);
} catch (e) {
  await fail(e);
}
