/**
 * MessagePack as the JavaScript library {@code notepack.io} writes and reads it, over Jackson
 * trees: the encoding of the cluster adapters' messages and of the msgpack Socket.IO parser.
 */
package dev.switchboard.msgpack;
