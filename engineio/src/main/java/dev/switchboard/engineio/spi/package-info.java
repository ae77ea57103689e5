/**
 * The contract between the Engine.IO protocol layer and an HTTP server binding.
 *
 * <p>A binding (the Netty server in {@code dev.switchboard.server}, later a Servlet container)
 * turns HTTP requests under the Engine.IO path into {@link dev.switchboard.engineio.spi.HttpExchange}s
 * and WebSocket upgrade requests into {@link dev.switchboard.engineio.spi.UpgradeExchange}s, and
 * hands them to {@link dev.switchboard.engineio.EngineIoServer}. Everything the protocol decides
 * (verification, error bodies, polling semantics, heartbeat, upgrade) happens on this side of the
 * contract; the binding only moves bytes. Applications do not use this package.
 */
package dev.switchboard.engineio.spi;
