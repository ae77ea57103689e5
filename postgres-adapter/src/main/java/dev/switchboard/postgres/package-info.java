/**
 * The Postgres adapter: {@link dev.switchboard.postgres.PostgresAdapterFactory} creates a
 * {@link dev.switchboard.postgres.PostgresAdapter} per namespace, all sharing one listening
 * connection and one publishing connection.
 */
package dev.switchboard.postgres;
