/**
 * The Socket.IO server API, as socket.io 4.8 users know it, in Java form.
 *
 * <p>{@link dev.switchboard.socketio.SocketIoServer} ({@code io}) owns the namespaces
 * ({@link dev.switchboard.socketio.Namespace}, dynamic ones as
 * {@link dev.switchboard.socketio.ParentNamespace}); each client in a namespace is a
 * {@link dev.switchboard.socketio.Socket}. Broadcasts are described with
 * {@link dev.switchboard.socketio.BroadcastOperator}; payloads are Jackson trees read through
 * {@link dev.switchboard.socketio.EventArgs} and written from any Java value Jackson can map.
 *
 * <h2>Threading</h2>
 * Each connection lives on one Netty event loop; its sockets' state changes happen there, and
 * listeners run there unless {@link dev.switchboard.socketio.SocketIoOptions#handlerExecutor()}
 * names another executor (each socket's listeners still run one at a time, in order). Every
 * public method may be called from any thread.
 *
 * <h2>Differences from JavaScript a user will notice</h2>
 * <ul>
 *   <li>{@code volatile} is {@code volatile_()} (a Java keyword).
 *   <li>Modifiers never stick to a socket: {@code socket.timeout(d)} returns a
 *       {@link dev.switchboard.socketio.SocketEmitter} for that emit.
 *   <li>Server-side cluster events are registered with {@code onServerSideEvent}, not {@code on}.
 *   <li>Broadcasts that expect acknowledgements need {@code timeout(...)}: without one they are
 *       refused rather than timing out at once.
 *   <li>A socket's pending acknowledgements fail with
 *       {@link dev.switchboard.socketio.SocketDisconnectedException} when it disconnects.
 * </ul>
 */
package dev.switchboard.socketio;
