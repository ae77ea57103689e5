package dev.switchboard.examples.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EchoServerTest {

    @Test
    void listensOnPort3000WhenPortIsUnset() {
        assertThat(EchoServer.port(null)).isEqualTo(3000);
        assertThat(EchoServer.port(" ")).isEqualTo(3000);
    }

    @Test
    void listensOnThePortFromTheEnvironment() {
        assertThat(EchoServer.port("8080")).isEqualTo(8080);
        assertThat(EchoServer.port(" 0 ")).isZero();
    }

    @Test
    void rejectsAPortThatIsNotANumberInRange() {
        assertThatThrownBy(() -> EchoServer.port("http"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PORT must be a number from 0 to 65535, not \"http\"");
        assertThatThrownBy(() -> EchoServer.port("65536"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("PORT must be a number from 0 to 65535, not \"65536\"");
    }
}
