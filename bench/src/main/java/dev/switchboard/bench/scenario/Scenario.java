package dev.switchboard.bench.scenario;

import dev.switchboard.bench.BenchEnv;
import dev.switchboard.bench.Measure;
import dev.switchboard.bench.Plan;
import dev.switchboard.bench.ServerKind;
import dev.switchboard.bench.ServerProcess;
import dev.switchboard.bench.generator.Client;
import dev.switchboard.bench.generator.PingTemplate;
import dev.switchboard.bench.generator.Generator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * One benchmark scenario, run against one server at a time by the runner. A result is a record the
 * runner writes to JSON as it is; the report reads it back from there.
 */
public interface Scenario {

    /** The message every acknowledged {@code ping} carries: {@code 42<id>["ping","<this>"]}. */
    PingTemplate PING = new PingTemplate("0123456789abcdef");

    /** Its key in the results and on the command line. */
    String id();

    /** Its heading in the report. */
    String title();

    /**
     * Whether a server that exits during the run still leaves a result (the slow consumer: running
     * out of memory there is what it measures); otherwise the runner records the exit as a failure.
     */
    default boolean toleratesServerExit() {
        return false;
    }

    /**
     * Whether what it measures is memory (RSS, heap) rather than CPU: its Java servers then start
     * without their heap pre-touched ({@link BenchEnv#PRE_TOUCH_FLAG}), so that RSS counts only
     * the pages used.
     */
    default boolean measuresMemory() {
        return false;
    }

    /**
     * Whether it runs against this kind of server; the report has no column for the others (the
     * chat demo is Switchboard's own app; a cluster of raw Netty servers has no adapter). The
     * Tomcat binding runs only the scenarios that say so with {@link #measuresEmbedding()}.
     *
     * @param kind the server
     * @return whether to run it
     */
    default boolean appliesTo(ServerKind kind) {
        return kind != ServerKind.TOMCAT || measuresEmbedding();
    }

    /**
     * Whether it is one of the few that show what embedding in a servlet container costs (idle
     * memory, acks, broadcast), run against {@link ServerKind#TOMCAT} too; the others would add
     * minutes to a run and tell a user choosing a binding nothing more.
     */
    default boolean measuresEmbedding() {
        return false;
    }

    /**
     * Whether a full run repeats it (the report shows the median); a pass/fail scenario whose
     * figure is a count (the demo: every message delivered, no session dropped) runs once.
     */
    default boolean repeats() {
        return true;
    }

    /**
     * Whether it starts the processes it measures itself (the demo, the cluster), rather than
     * running against the server the runner starts for it ({@link Context#server()} is then null).
     */
    default boolean startsOwnServers() {
        return false;
    }

    /**
     * Runs it against a started server.
     *
     * @param ctx the generator, the server and the plan
     * @return the result
     * @throws Exception when it cannot be completed; the runner records the message instead
     */
    Object run(Context ctx) throws Exception;

    /**
     * What a scenario runs with.
     *
     * @param gen the generator
     * @param server the server under test, or null for a scenario that {@link #startsOwnServers()}
     * @param plan the sizes
     * @param kind which server is measured
     * @param env how to start server processes
     */
    record Context(Generator gen, ServerProcess server, Plan plan, ServerKind kind, BenchEnv env) {

        /** The server's address. */
        public InetSocketAddress target() {
            return server.address();
        }

        /** The connect timeout for a batch of {@code n} handshakes. */
        public Duration connectTimeout(int n) {
            return Duration.ofSeconds(30 + n / 100);
        }

        /**
         * Closes clients and gives the server a moment to notice.
         *
         * @param clients the clients
         */
        public void closeAll(List<Client> clients) {
            gen.run(() -> clients.forEach(Client::close));
            Measure.pause(plan.smokeMode() ? 100 : 1_000);
        }
    }

    /** The scenarios in report order. */
    static List<Scenario> all() {
        return List.of(new IdleMemory(), new ConnectRate(), new AckRoundTrip(), new Broadcast(),
                new BurstBroadcast(), new PipelinedAcks(), new ChatDemo(),
                new Cluster(),
                new PollingThroughput(), new SlowConsumer(), new Soak());
    }
}
