/**
 * Adapters: where a namespace keeps its rooms and how its broadcasts reach sockets, on this server
 * or across a cluster. {@link dev.switchboard.socketio.adapter.InMemoryAdapter} is the default and
 * the base class of the others; {@link dev.switchboard.socketio.adapter.SessionAwareAdapter} adds
 * connection state recovery. Cluster adapters implement
 * {@link dev.switchboard.socketio.adapter.Adapter} on top of the in-memory one and reach this
 * server's sockets by id through {@link dev.switchboard.socketio.adapter.AdapterContext}; nothing
 * here depends on the user API of {@code dev.switchboard.socketio}.
 */
package dev.switchboard.socketio.adapter;
