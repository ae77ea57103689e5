package dev.switchboard.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpgradeGateTest {

    /** What passes the gate, as text. */
    private static final class Reader extends ChannelInboundHandlerAdapter {
        final List<String> read = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf b = (ByteBuf) msg;
            read.add(b.toString(StandardCharsets.US_ASCII));
            b.release();
        }
    }

    private final Reader reader = new Reader();
    private final EmbeddedChannel channel = new EmbeddedChannel(reader);

    private void install(long maxMessage) {
        UpgradeGate.install(channel.pipeline().context(reader), maxMessage);
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void bytesAreHeldUntilOpenThenPassedOnInOrderAheadOfLaterOnes() {
        install(100);
        channel.pipeline().get(UpgradeGate.class).hold(ascii("left in the HTTP decoder,"));
        channel.writeInbound(ascii(" then read,"));
        assertThat(reader.read).isEmpty();

        UpgradeGate.open(channel);
        channel.writeInbound(ascii(" then read after"));

        assertThat(reader.read).containsExactly("left in the HTTP decoder,", " then read,", " then read after");
        assertThat(channel.pipeline().get(UpgradeGate.class)).isNull();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void moreThanAMessageBeforeTheHandshakeClosesTheConnection() {
        install(10);
        ByteBuf first = ascii("x".repeat(64 * 1024));
        ByteBuf second = ascii("y".repeat(11));
        channel.writeInbound(first);
        assertThat(channel.isOpen()).isTrue();

        channel.writeInbound(second);

        assertThat(channel.isOpen()).isFalse();
        assertThat(first.refCnt()).isZero();
        assertThat(second.refCnt()).isZero();
        assertThat(reader.read).isEmpty();
    }

    @Test
    void heldBytesAreReleasedWhenTheConnectionCloses() {
        install(100);
        ByteBuf held = ascii("never read");
        channel.writeInbound(held);

        channel.close();

        assertThat(held.refCnt()).isZero();
        assertThat(reader.read).isEmpty();
    }

    @Test
    void openingWithoutAGateChangesNothing() {
        UpgradeGate.open(channel);
        channel.writeInbound(ascii("plain"));
        assertThat(reader.read).containsExactly("plain");
    }
}
