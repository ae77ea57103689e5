// The chat page: one Socket.IO connection; "chat message" goes to everyone, "room message" to one room.
const $ = (id) => document.getElementById(id);
let myName = ""; // the name the server accepted, "" for the guest name it gave

// Each connection, the first and every reconnection, tells the server the name we had.
const socket = io({ auth: (cb) => cb(myName ? { name: myName } : {}) });

const messages = $("messages");
const logs = new Map([["", []]]); // joined room ("" = everyone) -> rendered <li>s
const unread = new Map(); // room -> lines that came while another channel was shown
let current = "";

function item(text, cls) {
  const li = document.createElement("li");
  if (cls) li.className = cls;
  li.textContent = text;
  return li;
}

function message(m) {
  const li = document.createElement("li");
  const from = document.createElement("span");
  from.className = "from";
  from.textContent = m.from;
  const at = document.createElement("span");
  at.className = "at";
  at.textContent = new Date(m.at).toLocaleTimeString();
  li.append(from, document.createTextNode(m.text), at);
  return li;
}

function roomButton(room) {
  return document.querySelector(`button.room[data-room="${CSS.escape(room)}"]`);
}

function showUnread(room) {
  const badge = roomButton(room)?.querySelector(".unread");
  if (!badge) return;
  const n = unread.get(room) || 0;
  badge.textContent = n;
  badge.hidden = n === 0;
}

function append(room, li) {
  // A line for a room left a moment ago may still be on its way: drop it, or the room would come back.
  if (!logs.has(room)) return;
  logs.get(room).push(li);
  if (room === current) {
    messages.append(li);
    messages.scrollTop = messages.scrollHeight;
  } else {
    unread.set(room, (unread.get(room) || 0) + 1);
    showUnread(room);
  }
}

function show(room) {
  current = room;
  $("channel").textContent = room === "" ? "Everyone" : "# " + room;
  $("leave").hidden = room === "";
  messages.replaceChildren(...(logs.get(room) || []));
  messages.scrollTop = messages.scrollHeight;
  unread.delete(room);
  showUnread(room);
  for (const b of document.querySelectorAll("button.room")) {
    b.classList.toggle("active", b.dataset.room === room);
  }
  $("input").focus();
}

function addRoom(room) {
  if (logs.has(room)) return;
  logs.set(room, []);
  const li = document.createElement("li");
  const b = document.createElement("button");
  b.className = "room";
  b.dataset.room = room;
  const badge = document.createElement("span");
  badge.className = "unread";
  badge.hidden = true;
  b.append("# " + room, badge);
  b.addEventListener("click", () => show(room));
  li.append(b);
  $("rooms").append(li);
}

function leaveRoom(room) {
  socket.emit("leave room", room);
  logs.delete(room);
  unread.delete(room);
  roomButton(room)?.parentElement.remove();
  show("");
}

roomButton("").addEventListener("click", () => show(""));
$("leave").addEventListener("click", () => {
  if (current !== "") leaveRoom(current);
});

socket.on("connect", () => {
  $("status").textContent = "connected";
  $("status").className = "status online";
  // After a reconnection the server has forgotten our rooms (the name came in auth): join again.
  for (const room of logs.keys()) {
    if (room !== "") socket.emit("join room", room, () => {});
  }
});

socket.on("disconnect", (reason) => {
  // The next connection brings a fresh list.
  listed = false;
  early = [];
  $("status").textContent = "disconnected (" + reason + ")";
  $("status").className = "status offline";
});

socket.on("welcome", (text) => append("", item(text, "system")));
socket.on("chat message", (m) => append("", message(m)));
socket.on("room message", (m) => append(m.room, message(m)));
socket.on("notice", (n) => append(n.room || "", item(n.text, "system")));
// Who is online: the whole list once per connection ("online"), then only what changes
// ("presence"). Changes that arrive before the list are applied after it, so none is lost to the
// list replacing them; applying one twice does no harm.
const users = new Map(); // socket id -> name
let listed = false;
let early = [];
let drawing = false;

function drawOnline() {
  drawing = false;
  $("online-count").textContent = users.size;
  $("online").replaceChildren(...[...users].map(([id, name]) => item(name + (id === socket.id ? " (you)" : ""))));
}

function online(change) {
  if (!listed) {
    early.push(change);
    return;
  }
  change();
  // A burst of changes (many people arriving at once) is drawn once per frame.
  if (!drawing) {
    drawing = true;
    requestAnimationFrame(drawOnline);
  }
}

socket.on("online", (list) => {
  users.clear();
  for (const u of list) users.set(u.id, u.name);
  listed = true;
  const pending = early;
  early = [];
  for (const change of pending) change();
  online(() => {});
});
// What changed over the last fifth of a second, in one event however many came and went.
socket.on("presence", (p) => online(() => {
  for (const u of p.joined) users.set(u.id, u.name);
  for (const u of p.renamed) users.set(u.id, u.name);
  for (const id of p.left) users.delete(id);
}));

$("form").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("input").value.trim();
  if (!text) return;
  if (current === "") socket.emit("chat message", text);
  else socket.emit("room message", { room: current, text });
  $("input").value = "";
});

$("name-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const name = $("name").value.trim();
  if (!name) return;
  socket.emit("set name", name, (res) => {
    if (res && res.ok) myName = name;
  });
});

$("room-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const room = $("room").value.trim();
  if (!room) return;
  socket.emit("join room", room, (res) => {
    if (!res || !res.ok) return;
    addRoom(room);
    show(room);
    $("room").value = "";
  });
});
