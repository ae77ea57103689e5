/**
 * Implementation of the MessagePack codec and the msgpack parser. Not an API: anything here may
 * change without notice; applications must not use it.
 */
package dev.switchboard.msgpack.internal;
