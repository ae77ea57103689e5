/**
 * The cluster protocol of socket.io-adapter 2.5, written once: {@link dev.switchboard.cluster.ClusterAdapter}
 * turns every cluster operation into a {@link dev.switchboard.cluster.ClusterMessage} and back, and
 * {@link dev.switchboard.cluster.ClusterAdapterWithHeartbeat} adds node discovery by heartbeats. A
 * driver (Redis Streams, Postgres) implements two methods that publish and hands what it receives
 * to {@code onMessage}/{@code onResponse}.
 */
package dev.switchboard.cluster;
