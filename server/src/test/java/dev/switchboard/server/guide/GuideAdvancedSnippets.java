package dev.switchboard.server.guide;

import dev.switchboard.engineio.Cors;
import dev.switchboard.engineio.EngineIoOptions;
import dev.switchboard.engineio.EngineIoServer;
import dev.switchboard.engineio.Packet.Message;
import dev.switchboard.msgpack.MsgpackPacketParser;
import dev.switchboard.server.NettyServer;
import dev.switchboard.socketio.ConnectionStateRecovery;
import dev.switchboard.socketio.HandlerExecutors;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import dev.switchboard.socketio.adapter.BroadcastOptions;
import dev.switchboard.socketio.adapter.InMemoryAdapter;
import dev.switchboard.socketio.parser.JsonPacketParser;
import dev.switchboard.socketio.parser.PacketParser;
import dev.switchboard.socketio.protocol.Packet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The guide's snippets on adapters, connection state recovery, threading, parsers, error handling
 * and Engine.IO on its own; see {@link GuideSnippets} for the rules and the names the snippets share.
 */
final class GuideAdvancedSnippets extends GuideSnippets {

    private GuideAdvancedSnippets() {
    }
    // ---- adapters ----------------------------------------------------------------------------

    static void adapterEvents(SocketIoServer io) {
        // tag::adapter-events[]
        io.sockets().adapter().onCreateRoom(room -> log.info("room {} created", room));
        io.sockets().adapter().onDeleteRoom(room -> log.info("room {} deleted", room));
        io.sockets().adapter().onJoinRoom((room, id) -> log.info("{} joined {}", id, room));
        io.sockets().adapter().onLeaveRoom((room, id) -> log.info("{} left {}", id, room));
        Set<String> rooms = io.sockets().adapter().rooms();   // includes socket ids
        // end::adapter-events[]
    }

    static SocketIoServer customAdapter() {
        // tag::custom-adapter[]
        SocketIoServer io = SocketIoServer.builder()
                .adapter(context -> new InMemoryAdapter(context) {   // one adapter per namespace
                    @Override
                    public void broadcast(Packet.Event packet, BroadcastOptions opts) {
                        log.info("{} to {} except {}", packet.name(), opts.rooms(), opts.except());
                        super.broadcast(packet, opts);            // deliver to this node's sockets
                    }
                })
                .build();
        // end::custom-adapter[]
        return io;
    }

    static SocketIoServer recovery() {
        // tag::recovery[]
        SocketIoServer io = SocketIoServer.builder()
                .connectionStateRecovery(ConnectionStateRecovery.DEFAULT)   // 2 minutes, skip middlewares
                // or: new ConnectionStateRecovery(Duration.ofMinutes(5), false)
                .build();
        io.on("connection", socket -> {
            if (socket.recovered()) {
                // same id, rooms and data; the missed events were sent
            } else {
                socket.join("lobby");   // a new session
            }
        });
        // end::recovery[]
        return io;
    }

    // ---- threading ---------------------------------------------------------------------------

    static SocketIoServer handlerExecutor() {
        // tag::handler-executor[]
        ExecutorService handlers = HandlerExecutors.virtualThreads();   // JDK 21+; else a cached pool
        SocketIoServer io = SocketIoServer.builder()
                .handlerExecutor(handlers)
                .build();
        io.on("connection", socket -> {
            socket.on("profile", (args, ack) -> ack.send(loadProfile(args.get(0, String.class))));   // may block
        });
        // after io.close(): handlers.shutdown();
        // end::handler-executor[]
        return io;
    }

    static void offTheLoop(Socket socket, ExecutorService pool) {
        // tag::off-the-loop[]
        socket.on("profile", (args, ack) -> {
            String id = args.get(0, String.class);
            CompletableFuture.supplyAsync(() -> loadProfile(id), pool)   // blocking work elsewhere
                    .thenAccept(profile -> ack.send(profile));           // Ack, emit: any thread
        });
        // end::off-the-loop[]
    }

    static ScheduledExecutorService emitFromAnyThread(SocketIoServer io) {
        // tag::any-thread[]
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(() -> io.volatile_().emit("tick", System.currentTimeMillis()),
                1, 1, TimeUnit.SECONDS);
        // end::any-thread[]
        return timer;
    }

    // ---- parsers -----------------------------------------------------------------------------

    static SocketIoServer msgpack() {
        // tag::msgpack[]
        SocketIoServer io = SocketIoServer.builder()
                .parser(new MsgpackPacketParser())   // dev.switchboard:switchboard-msgpack
                .build();
        // end::msgpack[]
        return io;
    }

    // tag::custom-parser[]
    /** Counts the packets in and out, and leaves writing and reading them to the default parser. */
    static final class CountingParser implements PacketParser {
        final LongAdder sent = new LongAdder();
        final LongAdder received = new LongAdder();
        private final PacketParser json = new JsonPacketParser();

        @Override
        public List<Message> encode(Packet packet) {    // once per packet, whatever the recipients
            sent.increment();
            return json.encode(packet);
        }

        @Override
        public Decoder newDecoder() {                   // one per connection
            Decoder decoder = json.newDecoder();
            return new Decoder() {
                @Override
                public Packet decode(Message message) throws ParseException {
                    Packet packet = decoder.decode(message);   // null while attachments are due
                    if (packet != null) {
                        received.increment();
                    }
                    return packet;
                }

                @Override
                public void reset() {
                    decoder.reset();
                }
            };
        }
    }
    // end::custom-parser[]

    static SocketIoServer customParser() {
        // tag::custom-parser-use[]
        CountingParser parser = new CountingParser();
        SocketIoServer io = SocketIoServer.builder().parser(parser).build();
        // end::custom-parser-use[]
        return io;
    }

    // ---- errors ------------------------------------------------------------------------------

    static void errors(Socket socket) {
        // tag::errors[]
        socket.on("boom", (args, ack) -> {
            throw new IllegalStateException("bug");   // logged with event and socket id; socket stays
        });
        socket.on("move", Move.class, move -> { });    // ["move","oops"]: logged, handler not called
        socket.on("point", (args, ack) -> {
            try {
                args.get(0, Point.class);
            } catch (IllegalArgumentException e) {    // argument 0 of event "point" does not map to ...Point: ...
                ack.send(Map.of("error", e.getMessage()));
            }
        });
        // end::errors[]
    }

    // ---- Engine.IO alone ---------------------------------------------------------------------

    static NettyServer engineIo() {
        // tag::engineio[]
        EngineIoServer engine = EngineIoServer.create(EngineIoOptions.builder()   // path /engine.io/
                .cors(Cors.allowOrigin("*"))
                .build());
        engine.onConnection(socket -> {
            socket.onMessage(message -> socket.send(message));   // echo: Packet.Text or Packet.Binary
            socket.onClose((reason, description) -> log.info("{} closed: {}", socket.id(), reason));
        });
        NettyServer http = NettyServer.create(engine);           // then http.listen(3000)
        // end::engineio[]
        return http;
    }
}
