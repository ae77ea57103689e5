/**
 * What the cluster adapters share and users must not import: the tree helpers of the protocol,
 * JSON as JavaScript writes it, the requests waiting for answers and the timer. Exported to the
 * driver modules only.
 */
package dev.switchboard.cluster.internal;
