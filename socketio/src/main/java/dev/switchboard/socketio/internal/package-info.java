/**
 * Implementation details of the Socket.IO layer. Not an API: anything here may change without
 * notice; applications must not use it.
 */
package dev.switchboard.socketio.internal;
