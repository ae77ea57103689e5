// The official JS client (socket.io-client, from the interop module's npm packages) in the Spring
// Boot chat, driven by SpringBootChatJsClientTest: it connects to CHAT_URL, waits for its upgrade to
// WebSocket, takes the name "Node", says a line, and prints what happens as JSON lines until it
// hears a line from WAIT_FOR. Exits 1 on a connection error or after 15 s.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.env.INTEROP_DIR, 'package.json'));
const { io } = require('socket.io-client');

const print = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const fail = (error) => {
  print({ event: 'error', error: String(error) });
  process.exit(1);
};
const timer = setTimeout(() => fail('timed out'), 15000);

const socket = io(process.env.CHAT_URL, { forceNew: true, reconnection: false });
socket.on('connect_error', fail);
socket.on('connect', async () => {
  const engine = socket.io.engine;
  if (engine.transport.name !== 'websocket') {
    await new Promise((resolve) => engine.once('upgrade', resolve));
  }
  const named = await socket.timeout(5000).emitWithAck('set name', 'Node');
  print({ event: 'ready', id: socket.id, named, transport: engine.transport.name });
  socket.emit('chat message', 'hello from Node');
});
socket.on('chat message', (m) => {
  print({ event: 'chat message', from: m.from, text: m.text });
  if (m.from === process.env.WAIT_FOR) {
    clearTimeout(timer);
    print({ event: 'done', transport: socket.io.engine.transport.name });
    socket.close();
  }
});
