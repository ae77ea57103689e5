/**
 * The in-memory adapter's implementation details (room sets, offsets for recovery); not exported.
 */
package dev.switchboard.socketio.adapter.internal;
