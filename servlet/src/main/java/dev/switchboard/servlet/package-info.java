/**
 * The Jakarta Servlet 6 binding: {@link dev.switchboard.servlet.SocketIoServlet} serves a
 * {@link dev.switchboard.engineio.spi.Mountable} (a Socket.IO server, or an Engine.IO server
 * alone) in a servlet container, with the container's Jakarta WebSocket 2.1 layer for WebSocket.
 * Depends on Engine.IO only.
 */
package dev.switchboard.servlet;
