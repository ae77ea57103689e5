package dev.switchboard.spring;

import dev.switchboard.engineio.CookieOptions;
import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.TransportType;
import dev.switchboard.socketio.ConnectionStateRecovery;
import dev.switchboard.socketio.HandlerExecutors;
import dev.switchboard.socketio.SocketIoOptions;
import dev.switchboard.socketio.parser.PacketParser;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns {@link SwitchboardProperties} into a {@link SocketIoOptions.Builder}: each property sets
 * the builder option of the same socket.io name, so a property left alone keeps socket.io's
 * default.
 */
final class SocketIoOptionsFactory {

    private SocketIoOptionsFactory() {
    }

    static SocketIoOptions.Builder builder(SwitchboardProperties p) {
        SocketIoOptions.Builder b = SocketIoOptions.builder()
                .path(p.getPath())
                .serveClient(p.isServeClient())
                .connectTimeout(p.getConnectTimeout())
                .cleanupEmptyChildNamespaces(p.isCleanupEmptyChildNamespaces())
                .pingInterval(p.getPingInterval())
                .pingTimeout(p.getPingTimeout())
                .upgradeTimeout(p.getUpgradeTimeout())
                .maxHttpBufferSize(p.getMaxHttpBufferSize())
                .maxBufferedBytes(p.getMaxBufferedBytes())
                .transports(transports(p))
                .allowUpgrades(p.isAllowUpgrades())
                .perMessageDeflate(p.isPerMessageDeflate())
                .httpCompression(p.isHttpCompression())
                .addTrailingSlash(p.isAddTrailingSlash());
        Cors cors = cors(p.getCors());
        if (cors != null) {
            b.cors(cors);
        }
        SwitchboardProperties.Cookie c = p.getCookie();
        if (c.isEnabled()) {
            b.cookie(new CookieOptions(c.getName(), c.getPath(), c.isHttpOnly(), c.getSameSite(), c.isSecure(),
                    c.getMaxAge(), c.getDomain()));
        }
        SwitchboardProperties.ConnectionStateRecovery r = p.getConnectionStateRecovery();
        if (r.isEnabled()) {
            b.connectionStateRecovery(new ConnectionStateRecovery(r.getMaxDisconnectionDuration(), r.isSkipMiddlewares()));
        }
        PacketParser parser = parser(p.getParser());
        if (parser != null) {
            b.parser(parser);
        }
        switch (p.getHandlerExecutor().toLowerCase(Locale.ROOT)) {
            case "event-loop" -> b.handlerExecutor(null);
            case "virtual-threads" -> b.handlerExecutor(HandlerExecutors.virtualThreads());
            default -> throw new IllegalArgumentException(
                    "switchboard.handler-executor must be event-loop or virtual-threads, not " + p.getHandlerExecutor());
        }
        return b;
    }

    private static Set<TransportType> transports(SwitchboardProperties p) {
        Set<TransportType> set = EnumSet.noneOf(TransportType.class);
        for (String name : p.getTransports()) {
            TransportType t = TransportType.fromWireName(name.strip().toLowerCase(Locale.ROOT));
            if (t == null) {
                throw new IllegalArgumentException("switchboard.transports: unknown transport " + name
                        + " (polling or websocket)");
            }
            set.add(t);
        }
        return set;
    }

    /** {@return socket.io's cors option: none unless origins are named; {@code *} is any origin} */
    static Cors cors(SwitchboardProperties.Cors c) {
        if (c.getOrigins().isEmpty()) {
            return null;
        }
        Cors.Builder b = Cors.builder();
        if (c.getOrigins().size() == 1) {
            b.origin(c.getOrigins().get(0));
        } else {
            b.origins(c.getOrigins().toArray(String[]::new));
        }
        b.credentials(c.isCredentials()).methods(c.getMethods().toArray(String[]::new));
        if (!c.getAllowedHeaders().isEmpty()) {
            b.allowedHeaders(c.getAllowedHeaders().toArray(String[]::new));
        }
        if (!c.getExposedHeaders().isEmpty()) {
            b.exposedHeaders(c.getExposedHeaders().toArray(String[]::new));
        }
        return b.maxAge(c.getMaxAge()).build();
    }

    /** The parser by name; msgpack is looked up by class so the module stays optional. */
    private static PacketParser parser(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "json":
                return null; // the builder's default
            case "msgpack":
                try {
                    return (PacketParser) Class.forName("dev.switchboard.msgpack.MsgpackPacketParser")
                            .getConstructor().newInstance();
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("switchboard.parser=msgpack needs dev.switchboard:switchboard-msgpack", e);
                }
            default:
                throw new IllegalArgumentException("switchboard.parser must be json or msgpack, not " + name);
        }
    }
}
