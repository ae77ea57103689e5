package dev.switchboard.engineio.internal.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestBodyTest {

    private final List<String> got = new ArrayList<>();

    private static void append(RequestBody body, String chunk) {
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        body.append(bytes.length, (into, offset, n) -> System.arraycopy(bytes, 0, into, offset, n));
    }

    private void read(RequestBody body) {
        body.read(b -> got.add("body " + new String(b, StandardCharsets.UTF_8)), () -> got.add("too large"));
    }

    @Test
    void chunksAreJoinedAndHandedOverOnceTheBodyIsCompleteWhicheverComesFirst() {
        RequestBody early = new RequestBody(100);
        read(early);
        append(early, "4he");
        append(early, "llo");
        assertThat(got).isEmpty();
        early.complete();

        RequestBody late = new RequestBody(100);
        append(late, "1");
        late.complete();
        read(late);

        assertThat(got).containsExactly("body 4hello", "body 1");
    }

    @Test
    void aBodyOfExactlyTheLimitPassesAndOneByteMoreIsTooLarge() {
        RequestBody atLimit = new RequestBody(4);
        append(atLimit, "12");
        append(atLimit, "34");
        atLimit.complete();
        read(atLimit);

        RequestBody over = new RequestBody(4);
        append(over, "123");
        append(over, "45");
        append(over, "6");
        over.complete();
        read(over);

        assertThat(got).containsExactly("body 1234", "too large");
    }

    @Test
    void anEmptyBodyIsEmpty() {
        RequestBody body = new RequestBody(4);
        body.complete();
        read(body);

        assertThat(got).containsExactly("body ");
    }

    @Test
    void aDiscardedBodyIsNeverDelivered() {
        RequestBody body = new RequestBody(100);
        read(body);
        append(body, "4hi");
        body.discard();
        body.complete();
        read(body);

        assertThat(got).isEmpty();
    }
}
