/**
 * MessagePack as the JavaScript library notepack.io writes and reads it, over Jackson trees
 * ({@link dev.switchboard.msgpack.Notepack}), and the Socket.IO packet parser of
 * socket.io-msgpack-parser ({@link dev.switchboard.msgpack.MsgpackPacketParser}). The
 * implementation is not exported.
 */
module dev.switchboard.msgpack {
    requires transitive dev.switchboard.socketio;

    exports dev.switchboard.msgpack;
}
