/**
 * The Socket.IO cluster adapters over Redis: Pub/Sub, wire-compatible with
 * {@code @socket.io/redis-adapter} 8.x (classic and sharded), and Streams, wire-compatible with
 * {@code @socket.io/redis-streams-adapter} 0.3. The implementation is not exported.
 */
module dev.switchboard.redis {
    requires transitive dev.switchboard.socketio;
    requires transitive lettuce.core;
    requires dev.switchboard.msgpack;
    requires transitive dev.switchboard.cluster;
    requires org.slf4j;

    exports dev.switchboard.redis;
}
