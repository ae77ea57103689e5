/** The connections of the Postgres adapter; not for users. */
package dev.switchboard.postgres.internal;
