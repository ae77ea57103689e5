// The chat page: one Socket.IO connection; "chat message" goes to everyone, "room message" to one room.
const socket = io();

const $ = (id) => document.getElementById(id);
const messages = $("messages");
const logs = new Map([["", []]]); // room ("" = everyone) -> rendered <li>s
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

function append(room, li) {
  if (!logs.has(room)) logs.set(room, []);
  logs.get(room).push(li);
  if (room === current) {
    messages.append(li);
    messages.scrollTop = messages.scrollHeight;
  }
}

function show(room) {
  current = room;
  $("channel").textContent = room === "" ? "Everyone" : "# " + room;
  messages.replaceChildren(...(logs.get(room) || []));
  for (const b of document.querySelectorAll("button.room")) {
    b.classList.toggle("active", b.dataset.room === room);
  }
}

function addRoomButton(room) {
  if (document.querySelector(`button.room[data-room="${CSS.escape(room)}"]`)) return;
  const li = document.createElement("li");
  const b = document.createElement("button");
  b.className = "room";
  b.dataset.room = room;
  b.textContent = "# " + room;
  b.addEventListener("click", () => show(room));
  li.append(b);
  $("rooms").append(li);
}

document.querySelector('button.room[data-room=""]').addEventListener("click", () => show(""));

socket.on("connect", () => {
  $("status").textContent = "connected";
  $("status").className = "status online";
  // After a reconnection the server has forgotten our name and rooms: tell it again.
  const name = $("name").value.trim();
  if (name) socket.emit("set name", name, () => {});
  for (const room of logs.keys()) {
    if (room !== "") socket.emit("join room", room, () => {});
  }
});

socket.on("disconnect", (reason) => {
  $("status").textContent = "disconnected (" + reason + ")";
  $("status").className = "status offline";
});

socket.on("welcome", (text) => append("", item(text, "system")));
socket.on("chat message", (m) => append("", message(m)));
socket.on("room message", (m) => append(m.room, message(m)));
socket.on("notice", (n) => append(n.room || "", item(n.text, "system")));
socket.on("online", (users) => {
  $("online-count").textContent = users.length;
  $("online").replaceChildren(...users.map((u) => item(u.name + (u.id === socket.id ? " (you)" : ""))));
});

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
  if (name) socket.emit("set name", name, () => {});
});

$("room-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const room = $("room").value.trim();
  if (!room) return;
  socket.emit("join room", room, (res) => {
    if (!res || !res.ok) return;
    addRoomButton(room);
    show(room);
    $("room").value = "";
  });
});
