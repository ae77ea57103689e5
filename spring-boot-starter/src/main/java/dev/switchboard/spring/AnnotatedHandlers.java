package dev.switchboard.spring;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.socketio.Ack;
import dev.switchboard.socketio.DisconnectReason;
import dev.switchboard.socketio.EventArgs;
import dev.switchboard.socketio.Handshake;
import dev.switchboard.socketio.Socket;
import dev.switchboard.socketio.SocketIoServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.security.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The {@link OnConnect}, {@link OnEvent} and {@link OnDisconnect} methods of beans, grouped by
 * namespace and set on a server: each namespace gets one connection listener that registers the
 * event methods on the new socket, then calls the connect methods. Parameters are resolved once,
 * at startup, from their declared types, so a method that cannot be called fails the application's
 * start, not the first client.
 */
final class AnnotatedHandlers {

    private static final Logger log = LoggerFactory.getLogger(AnnotatedHandlers.class);

    /** Where a parameter's value comes from. */
    private enum From { SOCKET, ACK, ARGS, PRINCIPAL, HANDSHAKE, REASON, DESCRIPTION, PAYLOAD }

    /**
     * One parameter: where its value comes from and, for a payload, the event argument's index and
     * the type Jackson reads it as.
     */
    private record Source(From from, int index, TypeReference<Object> type) {
        static Source of(From from) {
            return new Source(from, -1, null);
        }
    }

    private enum Kind { CONNECT, EVENT, DISCONNECT }

    /** One handler method, ready to call. */
    private record Handler(Kind kind, String event, Object bean, Method method, List<Source> sources) {
        boolean takesAck() {
            return sources.stream().anyMatch(s -> s.from() == From.ACK);
        }

        boolean returnsValue() {
            return method.getReturnType() != void.class && method.getReturnType() != Void.class;
        }

        @Override
        public String toString() {
            return method.getDeclaringClass().getSimpleName() + "." + method.getName();
        }
    }

    private final Map<String, List<Handler>> byNamespace = new LinkedHashMap<>();
    private final InFlightAcks inFlight;
    private final HandshakePrincipals principals;

    AnnotatedHandlers(InFlightAcks inFlight, HandshakePrincipals principals) {
        this.inFlight = inFlight;
        this.principals = principals;
    }

    /**
     * Finds the handler methods of a bean.
     *
     * @param bean the bean (possibly a proxy)
     * @throws IllegalStateException when a method's parameters cannot be resolved
     */
    void scan(Object bean) {
        Class<?> type = AopUtils.getTargetClass(bean);
        SocketIoController controller = AnnotatedElementUtils.findMergedAnnotation(type, SocketIoController.class);
        String classNamespace = controller == null ? "/" : controller.namespace();
        for (Method m : ReflectionUtils.getUniqueDeclaredMethods(type, ReflectionUtils.USER_DECLARED_METHODS)) {
            OnConnect connect = AnnotatedElementUtils.findMergedAnnotation(m, OnConnect.class);
            OnEvent event = AnnotatedElementUtils.findMergedAnnotation(m, OnEvent.class);
            OnDisconnect disconnect = AnnotatedElementUtils.findMergedAnnotation(m, OnDisconnect.class);
            if (connect != null) {
                add(connect.namespace(), classNamespace, Kind.CONNECT, null, bean, m);
            }
            if (event != null) {
                add(event.namespace(), classNamespace, Kind.EVENT, event.value(), bean, m);
            }
            if (disconnect != null) {
                add(disconnect.namespace(), classNamespace, Kind.DISCONNECT, null, bean, m);
            }
        }
    }

    /**
     * Whether a bean has a handler method, checked for every bean at startup (cheaply: most have none).
     *
     * @param bean the bean
     * @return whether {@link #scan} would find something
     */
    static boolean hasHandlerMethods(Object bean) {
        Class<?> type = AopUtils.getTargetClass(bean);
        if (type.getName().startsWith("org.springframework.")) {
            return false;
        }
        boolean[] found = {false};
        ReflectionUtils.doWithMethods(type, m -> found[0] = true, m -> !found[0]
                && (m.isAnnotationPresent(OnEvent.class) || m.isAnnotationPresent(OnConnect.class)
                || m.isAnnotationPresent(OnDisconnect.class)));
        return found[0];
    }

    /** {@return whether any handler method was found} */
    boolean isEmpty() {
        return byNamespace.isEmpty();
    }

    /**
     * Sets the handlers on the server: one connection listener per namespace.
     *
     * @param io the server
     */
    void registerOn(SocketIoServer io) {
        byNamespace.forEach((namespace, handlers) -> io.of(namespace).on("connection", socket -> connected(socket, handlers)));
    }

    private void add(String methodNamespace, String classNamespace, Kind kind, String event, Object bean, Method m) {
        String namespace = methodNamespace.isEmpty() ? classNamespace : methodNamespace;
        if (!namespace.startsWith("/")) {
            throw new IllegalStateException(m + ": a namespace starts with '/': " + namespace);
        }
        Method invocable = AopUtils.selectInvocableMethod(m, bean.getClass());
        ReflectionUtils.makeAccessible(invocable);
        Handler h = new Handler(kind, event, bean, invocable, sources(kind, m));
        if (kind != Kind.EVENT && h.returnsValue()) {
            log.debug("{} returns a value that nobody receives", h);
        }
        byNamespace.computeIfAbsent(namespace, n -> new ArrayList<>()).add(h);
    }

    private static List<Source> sources(Kind kind, Method m) {
        List<Source> sources = new ArrayList<>();
        Type[] generic = m.getGenericParameterTypes();
        Class<?>[] raw = m.getParameterTypes();
        int payloads = 0;
        for (int i = 0; i < raw.length; i++) {
            Class<?> p = raw[i];
            Source s;
            if (p == Socket.class) {
                s = Source.of(From.SOCKET);
            } else if (p == Principal.class) {
                s = Source.of(From.PRINCIPAL);
            } else if (p == Handshake.class) {
                s = Source.of(From.HANDSHAKE);
            } else if (kind == Kind.EVENT && p == Ack.class) {
                s = Source.of(From.ACK);
            } else if (kind == Kind.EVENT && p == EventArgs.class) {
                s = Source.of(From.ARGS);
            } else if (kind == Kind.DISCONNECT && p == DisconnectReason.class) {
                s = Source.of(From.REASON);
            } else if (kind == Kind.DISCONNECT && p == String.class) {
                s = Source.of(From.DESCRIPTION);
            } else if (kind == Kind.EVENT) {
                if (p.isPrimitive()) {
                    throw new IllegalStateException(m + ": payload parameter " + i + " is a primitive "
                            + p + "; use its boxed type (an argument may be missing or null)");
                }
                s = new Source(From.PAYLOAD, payloads++, typeOf(generic[i]));
            } else {
                throw new IllegalStateException(m + ": parameter " + i + " (" + p.getName()
                        + ") is none of what an @" + (kind == Kind.CONNECT ? "OnConnect" : "OnDisconnect")
                        + " method may take");
            }
            if (s.from() != From.PAYLOAD && sources.stream().anyMatch(x -> x.from() == s.from())) {
                throw new IllegalStateException(m + ": two parameters of type " + p.getName());
            }
            sources.add(s);
        }
        return List.copyOf(sources);
    }

    private static TypeReference<Object> typeOf(Type type) {
        return new TypeReference<>() {
            @Override
            public Type getType() {
                return type;
            }
        };
    }

    private void connected(Socket socket, List<Handler> handlers) {
        for (Handler h : handlers) {
            if (h.kind() == Kind.EVENT) {
                socket.on(h.event(), (args, ack) -> onEvent(h, socket, args, ack));
            } else if (h.kind() == Kind.DISCONNECT) {
                socket.onDisconnect((reason, description) ->
                        call(h, socket, null, null, reason, description));
            }
        }
        for (Handler h : handlers) {
            if (h.kind() == Kind.CONNECT && socket.connected()) {
                call(h, socket, null, null, null, null);
            }
        }
    }

    private void onEvent(Handler h, Socket socket, EventArgs args, Ack ack) {
        boolean answers = ack.requested() && (h.takesAck() || h.returnsValue());
        Ack tracked = answers ? inFlight.track(socket, ack) : ack;
        Object result;
        try {
            result = invoke(h, socket, args, tracked, null, null);
        } catch (RuntimeException e) {
            inFlight.abandon(tracked);
            log.warn("@OnEvent(\"{}\") {} failed for socket {}", h.event(), h, socket.id(), e);
            return;
        }
        if (!ack.requested() || !h.returnsValue() || h.takesAck()) {
            return;
        }
        if (result instanceof CompletionStage<?> stage) {
            stage.whenComplete((value, error) -> {
                if (error != null) {
                    inFlight.abandon(tracked);
                    log.warn("@OnEvent(\"{}\") {} completed with an error for socket {}", h.event(), h, socket.id(), error);
                } else {
                    tracked.send(value);
                }
            });
        } else {
            tracked.send(result);
        }
    }

    private void call(Handler h, Socket socket, EventArgs args, Ack ack, DisconnectReason reason, String description) {
        try {
            invoke(h, socket, args, ack, reason, description);
        } catch (RuntimeException e) {
            log.warn("{} {} failed for socket {}", h.kind() == Kind.CONNECT ? "@OnConnect" : "@OnDisconnect",
                    h, socket.id(), e);
        }
    }

    private Object invoke(Handler h, Socket socket, EventArgs args, Ack ack, DisconnectReason reason,
            String description) {
        Object[] values = new Object[h.sources().size()];
        for (int i = 0; i < values.length; i++) {
            Source s = h.sources().get(i);
            values[i] = switch (s.from()) {
                case SOCKET -> socket;
                case ACK -> ack;
                case ARGS -> args;
                case PRINCIPAL -> principals == null ? null : principals.of(socket).orElse(null);
                case HANDSHAKE -> socket.handshake();
                case REASON -> reason;
                case DESCRIPTION -> description;
                case PAYLOAD -> s.index() < args.size() ? args.get(s.index(), s.type()) : null;
            };
        }
        try {
            return h.method().invoke(h.bean(), values);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
