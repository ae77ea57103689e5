/**
 * Implementation shared by Switchboard's own modules and nobody else: exported only to them by
 * {@code module-info} (a qualified export), so it is no part of the public API. Holds what two
 * layers would otherwise each write their own copy of: the listener list and the
 * {@code Accept-Encoding} negotiation, and the request body the HTTP bindings collect.
 */
package dev.switchboard.engineio.internal.shared;
