/**
 * Micrometer meters for Switchboard: {@link dev.switchboard.micrometer.SwitchboardMetrics} binds the
 * counters of a Socket.IO or Engine.IO server to any {@code MeterRegistry}, with or without Spring.
 */
module dev.switchboard.micrometer {
    requires transitive dev.switchboard.socketio;
    requires transitive micrometer.core;

    exports dev.switchboard.micrometer;
}
