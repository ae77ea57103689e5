package dev.switchboard.bench.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClientTest {

    private static final PingTemplate PING = new PingTemplate("abc");

    @Test
    void pingFrameIsAMaskedTextFrameOfTheEventWithItsAckId() {
        // ids of 1 to 4 digits put the pre-masked tail at each of the four mask offsets
        for (int id : new int[] {0, 7, 42, 123, 4096, 2_147_483_647}) {
            ByteBuf frame = PING.frame(ByteBufAllocator.DEFAULT, id);
            try {
                assertThat(WsCodecTest.unmaskText(frame)).isEqualTo("42" + id + "[\"ping\",\"abc\"]");
            } finally {
                frame.release();
            }
        }
    }

    @Test
    void pingPacketForPollingIsTheSameTextUnframed() {
        assertThat(new String(PING.packet(315), StandardCharsets.US_ASCII)).isEqualTo("42315[\"ping\",\"abc\"]");
    }
}
