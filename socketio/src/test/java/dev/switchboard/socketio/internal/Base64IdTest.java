package dev.switchboard.socketio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class Base64IdTest {

    @Test
    void idsAreTwentyUrlSafeCharactersAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = Base64Id.generate();
            assertThat(id).hasSize(20).matches("[A-Za-z0-9_-]{20}");
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void theLastThreeBytesAreASequence() {
        byte[] a = Base64.getUrlDecoder().decode(Base64Id.generate());
        byte[] b = Base64.getUrlDecoder().decode(Base64Id.generate());
        int seqA = ((a[12] & 0xff) << 16) | ((a[13] & 0xff) << 8) | (a[14] & 0xff);
        int seqB = ((b[12] & 0xff) << 16) | ((b[13] & 0xff) << 8) | (b[14] & 0xff);
        assertThat(seqB).isEqualTo((seqA + 1) & 0xffffff);
    }
}
