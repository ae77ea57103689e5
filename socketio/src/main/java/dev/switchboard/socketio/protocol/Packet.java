package dev.switchboard.socketio.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/**
 * One Socket.IO v5 packet, independent of how a parser writes it.
 *
 * <p>Payloads are Jackson trees, the value model shared by every parser: binary data is a
 * {@link com.fasterxml.jackson.databind.node.BinaryNode} anywhere in the tree. There is no separate
 * BINARY_EVENT or BINARY_ACK value: a parser writes an {@link Event} or {@link Ack} whose data holds
 * binary as BINARY_EVENT / BINARY_ACK with attachments, and reads those back into
 * {@link Event} / {@link Ack} with the binaries in place.
 *
 * <p>Trees inside packets are treated as immutable once the packet is built: a broadcast encodes
 * one packet for many recipients.
 */
public sealed interface Packet
        permits Packet.Connect, Packet.Disconnect, Packet.Event, Packet.Ack, Packet.ConnectError {

    /** {@return the namespace the packet belongs to, e.g. {@code "/"} or {@code "/admin"}} */
    String namespace();

    /** {@return the packet's type on the wire (EVENT or ACK even when written as their binary forms)} */
    PacketType type();

    /** Marks "no acknowledgement id". */
    long NO_ACK = -1;

    /**
     * CONNECT: a client joining a namespace (with an optional auth object), or the server's reply
     * ({@code {"sid":...}}).
     *
     * @param namespace the namespace
     * @param data the auth object from a client, the reply object from the server, or {@code null}
     */
    record Connect(String namespace, ObjectNode data) implements Packet {
        /**
         * Checks the namespace.
         *
         * @param namespace the namespace
         * @param data the auth object from a client, the reply object from the server, or {@code null}
         */
        public Connect {
            Objects.requireNonNull(namespace, "namespace");
        }

        @Override
        public PacketType type() {
            return PacketType.CONNECT;
        }
    }

    /**
     * DISCONNECT: leaving a namespace. Carries no data.
     *
     * @param namespace the namespace
     */
    record Disconnect(String namespace) implements Packet {
        /**
         * Checks the namespace.
         *
         * @param namespace the namespace
         */
        public Disconnect {
            Objects.requireNonNull(namespace, "namespace");
        }

        @Override
        public PacketType type() {
            return PacketType.DISCONNECT;
        }
    }

    /**
     * EVENT: a named event with arguments; {@code data} is {@code [name, arg1, ...]}.
     *
     * @param namespace the namespace
     * @param data the event array, first element the name (a string or a number); empty when a
     *     received packet carried no data (the reference server treats it as {@code []})
     * @param ackId the acknowledgement id the receiver must answer, or {@link #NO_ACK}
     */
    record Event(String namespace, ArrayNode data, long ackId) implements Packet {
        /**
         * Checks the arguments.
         *
         * @param namespace the namespace
         * @param data the event array, first element the name (a string or a number); empty when a
         *     received packet carried no data (the reference server treats it as {@code []})
         * @param ackId the acknowledgement id the receiver must answer, or {@link #NO_ACK}
         */
        public Event {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public PacketType type() {
            return PacketType.EVENT;
        }

        /** {@return whether the sender expects an acknowledgement} */
        public boolean hasAck() {
            return ackId >= 0;
        }

        /** {@return the event name: the first element as text ({@code null} when the data is empty)} */
        public String name() {
            JsonNode first = data.get(0);
            return first == null ? null : first.asText();
        }
    }

    /**
     * ACK: the answer to an event that carried an ack id; {@code data} holds the answer's arguments.
     *
     * @param namespace the namespace
     * @param data the arguments, possibly empty
     * @param ackId the id being answered
     */
    record Ack(String namespace, ArrayNode data, long ackId) implements Packet {
        /**
         * Checks the arguments.
         *
         * @param namespace the namespace
         * @param data the arguments, possibly empty
         * @param ackId the id being answered
         */
        public Ack {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public PacketType type() {
            return PacketType.ACK;
        }
    }

    /**
     * CONNECT_ERROR: the server refusing a CONNECT, with {@code {"message":..., "data":...}}.
     *
     * @param namespace the namespace
     * @param data the error object (or, from old peers, a string); a
     *     {@link com.fasterxml.jackson.databind.node.MissingNode} when a received packet carried
     *     none, which is also written as no data
     */
    record ConnectError(String namespace, JsonNode data) implements Packet {
        /**
         * Checks the arguments.
         *
         * @param namespace the namespace
         * @param data the error object (or, from old peers, a string); a
         *     {@link com.fasterxml.jackson.databind.node.MissingNode} when a received packet carried
         *     none, which is also written as no data
         */
        public ConnectError {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public PacketType type() {
            return PacketType.CONNECT_ERROR;
        }
    }
}
