package dev.switchboard.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.socketio.ConnectException;
import dev.switchboard.socketio.Namespace;
import dev.switchboard.socketio.ParentNamespace;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The Socket.IO scenarios a Node suite can start ({@code POST /socketio} with {@code scenario}):
 * handlers written with the real server API, as an application would write them, which the
 * suites drive with the official client and observe through the {@link EventLog}.
 *
 * <h2>Scenarios</h2>
 * <ul>
 *   <li>{@code main}: the {@linkplain #standard standard handlers} on {@code /} and the static
 *       namespace {@code /admin}.
 *   <li>{@code namespaces}: {@code main}, plus dynamic namespaces: {@code dyn} (pattern
 *       {@code ^/dyn-\d+$}, with a parent middleware), {@code pred} (predicate: names starting
 *       with {@code /pred-} whose auth has {@code allow: true}) and {@code async} (an asynchronous
 *       matcher accepting {@code /async-*} after a delay).
 *   <li>{@code middleware}: {@code io.use} on {@code /} requiring {@code auth.token == "secret"}
 *       (none: {@code ConnectException("not authorized", {code: 401, reason: "no token"})}; another:
 *       a plain exception {@code "bad token"}), then a second middleware that sets {@code data} and
 *       joins {@code members}; {@code /async} (an asynchronous middleware refusing
 *       {@code auth.deny} with data), {@code /throwing} (a middleware that throws) and {@code /open}
 *       (none). Every namespace has the standard handlers.
 *   <li>{@code conformance}: the server the Socket.IO protocol's test suite is written against,
 *       and nothing else: on {@code /} and {@code /custom} an {@code auth} event with the CONNECT
 *       payload as soon as a socket connects; on {@code /}, {@code message} answered by a
 *       {@code message-back} event with the same arguments and {@code message-with-ack} by an
 *       ack with them.
 * </ul>
 */
final class SocketIoScenarios {

    /** The scenario names {@link #install} knows. */
    static final Set<String> NAMES = Set.of("main", "namespaces", "middleware", "conformance");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Runs the "later, from another thread" work of the handlers. */
    private static final Executor LATER = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);

    private SocketIoScenarios() {
    }

    /** What a fixture keeps of its scenario: the dynamic namespaces, by the key suites use. */
    static final class Context {
        final SocketIoServer io;
        final EventLog log;
        final Map<String, ParentNamespace> parents = new ConcurrentHashMap<>();

        Context(SocketIoServer io, EventLog log) {
            this.io = io;
            this.log = log;
        }
    }

    /**
     * Sets a scenario's handlers on a server.
     *
     * @param name the scenario
     * @param io the server
     * @param log where the handlers report
     * @return the context, with the dynamic namespaces
     * @throws ControlException 400 for an unknown scenario
     */
    static Context install(String name, SocketIoServer io, EventLog log) {
        Context ctx = new Context(io, log);
        io.onNewNamespace(nsp -> log.add("new_namespace", e -> e.put("nsp", nsp.name())));
        switch (name) {
            case "main" -> main(ctx);
            case "namespaces" -> namespaces(ctx);
            case "middleware" -> middleware(ctx);
            case "conformance" -> conformance(ctx);
            default -> throw new ControlException(400, "unknown scenario " + name + " (known: "
                    + String.join(", ", NAMES.stream().sorted().toList()) + ")");
        }
        return ctx;
    }

    private static void main(Context ctx) {
        ctx.io.onConnection(s -> standard(s, ctx));
        ctx.io.of("/admin", s -> standard(s, ctx));
    }

    private static void namespaces(Context ctx) {
        main(ctx);
        ParentNamespace dyn = ctx.io.of(Pattern.compile("^/dyn-\\d+$"));
        dyn.use((socket, next) -> {
            ctx.log.add("parent-middleware", socket, e -> { });
            next.next();
        });
        dyn.onConnection(s -> standard(s, ctx));
        ctx.parents.put("dyn", dyn);

        ParentNamespace pred = ctx.io.of((name, auth) -> name.startsWith("/pred-")
                && auth != null && auth.path("allow").asBoolean(false));
        pred.onConnection(s -> standard(s, ctx));
        ctx.parents.put("pred", pred);

        ParentNamespace async = ctx.io.of((name, auth, result) ->
                LATER.execute(() -> result.done(null, name.startsWith("/async-"))));
        async.onConnection(s -> standard(s, ctx));
        ctx.parents.put("async", async);
    }

    /** The data a refused connection carries to the client's {@code err.data}. */
    record Refusal(int code, String reason) {
    }

    private static void middleware(Context ctx) {
        SocketIoServer io = ctx.io;
        io.use((socket, next) -> {
            logMiddleware(ctx, socket, 1);
            JsonNode token = socket.handshake().auth().get("token");
            if (token == null) {
                next.error(new ConnectException("not authorized", new Refusal(401, "no token")));
            } else if (!token.asText().equals("secret")) {
                next.error(new IllegalArgumentException("bad token"));
            } else {
                next.next();
            }
        });
        io.use((socket, next) -> {
            logMiddleware(ctx, socket, 2);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("user", "alice");
            data.put("level", 3);
            socket.data(data);
            socket.join("members");
            next.next();
        });
        io.onConnection(s -> standard(s, ctx));

        Namespace async = io.of("/async");
        async.use((socket, next) -> {
            logMiddleware(ctx, socket, 1);
            boolean deny = socket.handshake().auth().path("deny").asBoolean(false);
            LATER.execute(() -> {
                if (deny) {
                    next.error(new ConnectException("denied later", Map.of("later", true)));
                } else {
                    next.next();
                }
            });
        });
        async.onConnection(s -> standard(s, ctx));

        Namespace throwing = io.of("/throwing");
        throwing.use((socket, next) -> {
            logMiddleware(ctx, socket, 1);
            throw new IllegalStateException("middleware threw");
        });
        throwing.onConnection(s -> standard(s, ctx));

        io.of("/open", s -> standard(s, ctx));
    }

    private static void conformance(Context ctx) {
        ctx.io.onConnection(s -> {
            s.emit("auth", s.handshake().auth());
            s.on("message", (args, ack) -> s.emit("message-back", args.asList().toArray()));
            s.on("message-with-ack", (args, ack) -> ack.send(args));
        });
        ctx.io.of("/custom", s -> s.emit("auth", s.handshake().auth()));
    }

    private static void logMiddleware(Context ctx, Socket socket, int step) {
        ctx.log.add("middleware", socket, e -> e.put("step", step)
                .put("connected", socket.connected())
                .put("listed", socket.nsp().sockets().containsKey(socket.id())));
    }

    // ---- the standard handlers ----------------------------------------------------------------

    /** Arguments for the typed {@code order} event. */
    record Customer(String name, String email) {
    }

    /** The typed {@code order} event's payload, mapped by Jackson from the client's object. */
    record Order(String id, int quantity, double price, List<String> tags, Customer customer) {
    }

    /** The typed answer to {@code order}: written by Jackson in declaration order. */
    record Receipt(String orderId, double total, int tagCount, String customer, boolean bulk) {
    }

    /** A record the server emits, to check key order and number forms. */
    record Point(int x, double y, String label) {
    }

    /** A record with binary fields, emitted by {@code server-binary}. */
    record Blob(String name, byte[] data, List<byte[]> parts) {
    }

    /**
     * The handlers every scenario puts on its sockets. They log the socket's life (connection,
     * disconnecting with rooms, disconnect with reason, error, every incoming and outgoing event),
     * refuse the event {@code forbidden} in a socket middleware, and answer:
     * <ul>
     *   <li>{@code echo}: with the same arguments, as an ack when asked for one, else as an
     *       {@code echo} event; {@code hey}: an {@code hey} event with the same arguments;
     *       {@code ack}: an ack with the same arguments; {@code ack-later}: the same, from another
     *       thread 50 ms later; {@code ack-twice}: acks {@code "first"} then {@code "second"}
     *   <li>{@code handshake}: ack {@code {id, nsp, recovered, transport, engineId, handshake}}
     *   <li>{@code join} (room names), {@code leave} (a name), {@code rooms}: ack the rooms;
     *       {@code set-data} / {@code get-data}: the socket's {@code data}
     *   <li>{@code order} (typed record in, record out), {@code shout} (typed {@code String}
     *       listener: emits {@code shout} with the text upper-cased)
     *   <li>{@code server-values}, {@code server-specials}, {@code server-binary}: values made in
     *       Java, emitted as an event of the same name and sent as the ack
     *   <li>{@code disconnect-me}: {@code socket.disconnect(arg0 == true)}
     * </ul>
     * With {@code auth.welcome == true}, the connection handler emits {@code welcome} with the
     * socket id.
     */
    static void standard(Socket socket, Context ctx) {
        EventLog log = ctx.log;
        ObjectMapper mapper = ctx.io.options().objectMapper();
        log.add("connection", socket, e -> {
            e.put("recovered", socket.recovered());
            e.put("transport", socket.conn().transport().wireName());
            e.put("engineId", socket.conn().id());
            e.set("rooms", rooms(socket));
            e.set("auth", socket.handshake().auth().deepCopy());
        });
        socket.onDisconnecting((reason, description) -> log.add("disconnecting", socket, e -> {
            e.put("reason", reason.text());
            e.set("rooms", rooms(socket));
        }));
        socket.onDisconnect((reason, description) -> log.add("disconnect", socket, e -> {
            e.put("reason", reason.text());
            e.set("rooms", rooms(socket));
        }));
        socket.onError(error -> log.add("error", socket, e -> e.put("message", error.getMessage())));
        socket.onAny((event, args) -> log.add("any", socket, e -> {
            e.put("event", event);
            e.set("args", ControlJson.toControl(args));
        }));
        socket.onAnyOutgoing((event, args) -> log.add("anyOutgoing", socket, e -> {
            e.put("event", event);
            e.set("args", ControlJson.toControl(args));
        }));
        socket.use((event, args, next) -> {
            if (event.equals("forbidden")) {
                next.error(new IllegalStateException("forbidden event"));
            } else {
                next.next();
            }
        });
        socket.on("forbidden", (args, ack) -> log.add("forbidden-dispatched", socket, e -> { }));

        socket.on("echo", (args, ack) -> {
            if (ack.requested()) {
                ack.send(args);
            } else {
                socket.emit("echo", args.asList().toArray());
            }
        });
        socket.on("hey", (args, ack) -> socket.emit("hey", args.asList().toArray()));
        socket.on("ack", (args, ack) -> ack.send(args));
        socket.on("ack-later", (args, ack) -> LATER.execute(() -> ack.send(args)));
        socket.on("ack-twice", (args, ack) -> {
            ack.send("first");
            ack.send("second");
        });
        socket.on("handshake", (args, ack) -> {
            ObjectNode h = JSON.objectNode();
            h.put("id", socket.id()).put("nsp", socket.nsp().name()).put("recovered", socket.recovered());
            h.put("transport", socket.conn().transport().wireName()).put("engineId", socket.conn().id());
            h.set("handshake", mapper.valueToTree(socket.handshake()));
            ack.send(h);
        });
        socket.on("join", (args, ack) -> {
            List<String> rooms = new ArrayList<>();
            for (JsonNode a : args) {
                if (a.isArray()) {
                    a.forEach(r -> rooms.add(r.asText()));
                } else {
                    rooms.add(a.asText());
                }
            }
            socket.join(rooms);
            ack.send(rooms(socket));
        });
        socket.on("leave", (args, ack) -> {
            socket.leave(args.get(0, String.class));
            ack.send(rooms(socket));
        });
        socket.on("rooms", (args, ack) -> ack.send(rooms(socket)));
        socket.on("set-data", (args, ack) -> {
            socket.data(args.get(0));
            ack.send();
        });
        socket.on("get-data", (args, ack) -> ack.send(socket.data(JsonNode.class)));

        socket.on("order", (args, ack) -> {
            Order o = args.get(0, Order.class);
            ack.send(new Receipt(o.id(), o.quantity() * o.price(), o.tags().size(),
                    o.customer().name().toUpperCase(Locale.ROOT), o.quantity() >= 10));
        });
        socket.on("shout", String.class, text -> socket.emit("shout", text.toUpperCase(Locale.ROOT)));

        socket.on("server-values", (args, ack) -> reply(socket, ack, "server-values", serverValues()));
        socket.on("server-specials", (args, ack) -> reply(socket, ack, "server-specials",
                new Object[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0}));
        socket.on("server-binary", (args, ack) -> reply(socket, ack, "server-binary", new Object[] {
            new byte[] {1, 2, 3},
            new Blob("blob", new byte[] {4, 5}, List.of(new byte[] {6}, new byte[0])),
        }));
        socket.on("disconnect-me", (args, ack) -> socket.disconnect(args.get(0, Boolean.class) == Boolean.TRUE));

        if (socket.handshake().auth().path("welcome").asBoolean(false)) {
            socket.emit("welcome", socket.id());
        }
    }

    /** Sends values as an event of the same name and, when asked, as the ack. */
    private static void reply(Socket socket, dev.switchboard.socketio.Ack ack, String event, Object[] values) {
        socket.emit(event, values);
        ack.send(values);
    }

    /**
     * Java values whose JSON a Node server would write as
     * {@code "héllo ✓ 日本語 🎉",42,1.5,1e+21,9007199254740991,3,null,true,[1,"two",3],
     * {"z":1,"a":{"y":[null,false]}},{"x":1,"y":-2.5,"label":"p"}}.
     */
    private static Object[] serverValues() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("y", Arrays.asList(null, false));
        Map<String, Object> ordered = new LinkedHashMap<>();
        ordered.put("z", 1);
        ordered.put("a", inner);
        return new Object[] {"héllo ✓ 日本語 🎉", 42, 1.5, 1e21, 9007199254740991L, 3.0, null, true,
            List.of(1, "two", 3.0), ordered, new Point(1, -2.5, "p")};
    }

    private static ArrayNode rooms(Socket socket) {
        ArrayNode out = JSON.arrayNode();
        socket.rooms().forEach(out::add);
        return out;
    }
}
