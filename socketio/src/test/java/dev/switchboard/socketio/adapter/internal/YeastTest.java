package dev.switchboard.socketio.adapter.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class YeastTest {

    @Test
    void encodesInBase64WithTheReferenceAlphabet() {
        assertThat(Yeast.encode(0)).isEqualTo("0");
        assertThat(Yeast.encode(63)).isEqualTo("_");
        assertThat(Yeast.encode(64)).isEqualTo("10");
        assertThat(Yeast.encode(1_000_000)).isEqualTo("3q90");
        assertThat(Yeast.encode(1_700_000_000_000L)).isEqualTo("OlFvMW0");
    }

    @Test
    void idsOfOneMillisecondGetASequenceSuffix() {
        AtomicLong clock = new AtomicLong(1_000_000);
        Yeast yeast = new Yeast(clock::get);
        assertThat(yeast.next()).isEqualTo("3q90");
        assertThat(yeast.next()).isEqualTo("3q90.0");
        assertThat(yeast.next()).isEqualTo("3q90.1");
        clock.incrementAndGet();
        assertThat(yeast.next()).isEqualTo("3q91");
        assertThat(yeast.next()).isEqualTo("3q91.0");
    }
}
