/**
 * The Socket.IO cluster adapter over PostgreSQL {@code LISTEN}/{@code NOTIFY}, wire-compatible
 * with {@code @socket.io/postgres-adapter} 0.5, on pgjdbc. The implementation is not exported.
 */
module dev.switchboard.postgres {
    requires transitive dev.switchboard.cluster;
    requires transitive java.sql;
    requires dev.switchboard.msgpack;
    requires org.postgresql.jdbc;
    requires org.slf4j;

    exports dev.switchboard.postgres;
}
