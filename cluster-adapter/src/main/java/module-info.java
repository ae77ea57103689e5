/**
 * socket.io-adapter's cluster protocol ({@code ClusterAdapter}, {@code ClusterAdapterWithHeartbeat}),
 * written once for every driver: the Redis Streams adapter and the Postgres adapter only publish and
 * subscribe. The codec helpers of {@code .internal} are shared with those drivers alone.
 */
module dev.switchboard.cluster {
    requires transitive dev.switchboard.socketio;
    requires dev.switchboard.msgpack;
    requires org.slf4j;

    exports dev.switchboard.cluster;
    exports dev.switchboard.cluster.internal to dev.switchboard.redis, dev.switchboard.postgres;
}
