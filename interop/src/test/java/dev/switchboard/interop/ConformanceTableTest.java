package dev.switchboard.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConformanceTableTest {

    @Test
    void readsTheRowsOfTheTwoSuiteTablesOnly() {
        String doc = String.join("\n",
                "# Protocol conformance",
                "| not | a | suite | table |",
                "## Engine.IO v4",
                "",
                "| Describe path | Official case | Suite file | Covering test |",
                "|---|---|---|---|",
                "| A › b | opens | `engineio/x.test.mjs` | S › t |",
                "## Socket.IO v5",
                "| Describe path | Official case | Suite file | Covering test |",
                "|---|---|---|---|",
                "| C | connects | `socketio/y.test.mjs` | connect › CONNECT to 44/random,{\"message\":\"x\"} |",
                "## Notes",
                "| other | table | with | cells |");

        List<ConformanceTable.Row> rows = ConformanceTable.rows(doc);

        assertThat(rows).containsExactly(
                new ConformanceTable.Row("Engine.IO v4", "A › b", "opens", "engineio/x.test.mjs", "S › t"),
                new ConformanceTable.Row("Socket.IO v5", "C", "connects", "socketio/y.test.mjs",
                        "connect › CONNECT to 44/random,{\"message\":\"x\"}"));
        assertThat(ConformanceTable.counts(rows)).isEqualTo(Map.of("Engine.IO v4", 1, "Socket.IO v5", 1));
    }

    @Test
    void aRowWithoutFourCellsIsAnError() {
        assertThatThrownBy(() -> ConformanceTable.rows("## Engine.IO v4\n| a | b | c |"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passedTestsAreNamedByTheirDescribePathFromTheTapReport() {
        List<String> tap = List.of(
                "TAP version 13",
                "# Subtest: server",
                "    # Subtest: handshake",
                "        # Subtest: opens a session",
                "        ok 1 - opens a session",
                "          ---",
                "          ...",
                "        # Subtest: refuses \\# with a hash",
                "        not ok 2 - refuses \\# with a hash",
                "        # Subtest: skipped one",
                "        ok 3 - skipped one # SKIP",
                "        1..3",
                "    not ok 1 - handshake",
                "    # Subtest: close",
                "        # Subtest: closes",
                "        ok 1 - closes",
                "    ok 2 - close",
                "not ok 1 - server",
                "# Subtest: top level \\\\ test",
                "ok 2 - top level \\\\ test");

        assertThat(ConformanceTable.passed(tap)).containsExactly(
                "server › handshake › opens a session",
                "server › close › closes",
                "server › close",
                "top level \\ test");
    }
}
