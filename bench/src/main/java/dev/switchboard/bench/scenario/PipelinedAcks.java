package dev.switchboard.bench.scenario;

/**
 * Pipelined acknowledgements: WebSocket clients that each keep
 * {@link dev.switchboard.bench.Plan#pipelinedWindow()} acknowledged {@code ping}s in flight, sending
 * the next as each answer comes (closed loop), as a busy client with several requests out does.
 * Answers to one client's messages read in one batch can leave together; acknowledgements per
 * server CPU second is the throughput figure (the raw baseline echoes the same bytes).
 */
public final class PipelinedAcks implements Scenario {

    @Override
    public String id() {
        return "pipelined";
    }

    @Override
    public String title() {
        return "Pipelined acknowledgements";
    }

    @Override
    public Object run(Context ctx) {
        return PollingThroughput.closedLoop(ctx, ctx.kind().websocketFlow(), ctx.plan().pipelinedSockets(),
                ctx.plan().pipelinedWindow(), ctx.plan().pipelinedWarmup(), ctx.plan().pipelinedMeasure());
    }
}
