/**
 * The contract between the Engine.IO protocol layer and an HTTP server binding.
 *
 * <p>A binding (the Netty server in {@code dev.switchboard.server}, later a Servlet container)
 * turns HTTP requests under the Engine.IO path into {@link dev.switchboard.engineio.spi.HttpExchange}s
 * and WebSocket upgrade requests into {@link dev.switchboard.engineio.spi.UpgradeExchange}s, and
 * hands them to {@link dev.switchboard.engineio.EngineIoServer}. Everything the protocol decides
 * (verification, error bodies, polling semantics, heartbeat, upgrade) happens on this side of the
 * contract; the binding only moves bytes.
 *
 * <p>What a binding mounts is a {@link dev.switchboard.engineio.spi.Mountable}: the engine, its
 * path, and the {@link dev.switchboard.engineio.spi.HttpRoute}s the layer above serves beside it
 * (Socket.IO's client bundle), so a binding serves Socket.IO without depending on it.
 * Applications do not use this package, except to pass a {@code SocketIoServer} (a
 * {@code Mountable}) to a binding.
 */
package dev.switchboard.engineio.spi;
