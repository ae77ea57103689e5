#!/usr/bin/env python3
"""Tests of the docs site's own tools (build.py runs them first): the link check finds what it
should, and the compatibility matrix reads Node's TAP and Surefire's XML as they are written.

Usage: python3 docs/site/test_site_tools.py
"""
from __future__ import annotations

import re
import tempfile
import unittest
from pathlib import Path

import build
import compat
import linkcheck


def _write(root: Path, name: str, text: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


class LinkCheckTest(unittest.TestCase):

    def site(self, pages: dict[str, str]) -> list[str]:
        with tempfile.TemporaryDirectory() as d:
            for name, text in pages.items():
                _write(Path(d), name, text)
            return linkcheck.check(Path(d))

    def test_resolving_links_and_anchors_pass(self):
        self.assertEqual([], self.site({
            "index.html": '<a href="docs/a.html#part-two">a</a> <a href="#top">top</a> <h1 id="top"></h1>'
                          '<img src="docs/chart.svg"> <a href="https://example.org/x#y">out</a>',
            "docs/a.html": '<h2 id="part-two">2</h2><a href="../index.html">home</a><a href="/index.html">root</a>',
            "docs/chart.svg": "<svg/>",
        }))

    def test_a_missing_file_a_missing_anchor_and_an_anchor_on_a_source_file_fail(self):
        problems = self.site({
            "docs/GUIDE.html": '<a href="a.html">gone</a> <a href="b.html#nope">anchor</a>'
                               ' <a href="../Foo.java#L3">line</a> <a name="ok"></a><a href="#ok">ok</a>',
            "docs/b.html": '<h2 id="yes"></h2>',
            "Foo.java": "class Foo {}",
        })
        self.assertEqual(3, len(problems), problems)
        self.assertIn("docs/GUIDE.md -> a.html: no such file", problems)
        self.assertIn("docs/GUIDE.md -> b.html#nope: no anchor #nope in docs/b.html", problems)
        self.assertTrue(any("../Foo.java#L3" in p and "cannot be checked" in p for p in problems), problems)

    def test_known_defects_are_left_out_and_escapes_are_caught(self):
        pages = {"api/x.html": '<a href="#gone">g</a> <a href="../../etc/passwd">out</a>'}
        self.assertEqual(["api/x.html -> #gone: no anchor #gone in api/x.html",
                          "api/x.html -> ../../etc/passwd: points outside the site"], self.site(pages))
        with tempfile.TemporaryDirectory() as d:
            _write(Path(d), "api/x.html", pages["api/x.html"])
            self.assertEqual(["api/x.html -> ../../etc/passwd: points outside the site"],
                             linkcheck.check(Path(d), frozenset({"api/x.html -> #gone"})))


class StagingTest(unittest.TestCase):

    def test_relative_links_skip_code_blocks_schemes_and_anchors(self):
        md = ("See [guide](GUIDE.md#rooms), [src](../server/Foo.java), [web](https://x.org), [top](#top),\n"
              '<img src="chart.svg">\n```java\nlist.get(0)](not.a.link)\n```\n')
        self.assertEqual(["GUIDE.md", "../server/Foo.java", "chart.svg"], build.relative_links(md))


    def test_the_javadoc_covers_the_modules_the_bom_publishes_and_no_harness(self):
        modules = build.library_modules()
        self.assertTrue({"engineio", "socketio", "server"} <= set(modules), modules)
        self.assertFalse({"interop", "bench", "test-support", "examples/chat", "bom"} & set(modules), modules)

    def test_github_anchors_drop_punctuation_keep_hyphens_and_number_repeats(self):
        md = ("# Migrating from netty-socketio\n## `socket.data`\n## CORS, allowRequest, cookie\n"
              "## Clients × transports\n## Notes\n## Notes\n```\n# not a heading\n```\n")
        self.assertEqual({"migrating-from-netty-socketio", "socketdata", "cors-allowrequest-cookie",
                          "clients--transports", "notes", "notes-1"}, build.github_anchors(md))


class CompatReportsTest(unittest.TestCase):

    TAP = """TAP version 13
# Subtest: polling
    # Subtest: events go both ways
    ok 1 - events go both ways
      ---
      duration_ms: 1.5
      ...
    # Subtest: with v4 clients
        # Subtest: a room \\# reaches both
        ok 1 - a room \\# reaches both
        # Subtest: acks
        not ok 2 - acks
        1..2
    not ok 2 - with v4 clients
    # Subtest: later
    ok 3 - later # SKIP not yet
    1..3
not ok 1 - polling
# Subtest: top level
ok 2 - top level
1..2
"""

    def test_tap_leaves_with_their_describe_path_and_outcome(self):
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "eio3_socketio-v2.test.mjs.msgpack.tap"
            path.write_text(self.TAP, encoding="utf-8")
            suite = compat.tap_suite_name(path)
            self.assertEqual("eio3/socketio-v2.test.mjs [msgpack]", suite)
            self.assertEqual({
                f"{suite} > polling > events go both ways": True,
                f"{suite} > polling > with v4 clients > a room # reaches both": True,
                f"{suite} > polling > with v4 clients > acks": False,
                f"{suite} > polling > later": False,
                f"{suite} > top level": True,
            }, compat.tap_results(path, suite))

    def test_surefire_cases_with_failures_errors_or_skips_are_not_green(self):
        xml = """<testsuite><testcase name="a(ClientTransport)[1]" classname="x.y.JavaClientAckTest"/>
<testcase name="b" classname="x.y.JavaClientAckTest"><failure message="m"/></testcase>
<testcase name="c" classname="x.y.JavaClientAckTest"><skipped/></testcase>
<testcase name="d" classname="x.y.JavaClientAckTest"><error/></testcase></testsuite>"""
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "TEST-x.y.JavaClientAckTest.xml"
            path.write_text(xml, encoding="utf-8")
            self.assertEqual({"server/JavaClientAckTest#a(ClientTransport)[1]": True,
                              "server/JavaClientAckTest#b": False, "server/JavaClientAckTest#c": False,
                              "server/JavaClientAckTest#d": False}, compat.surefire_results(path, "server"))

    def test_a_cell_is_yes_only_when_every_matched_test_is_green_and_stale_rules_fail(self):
        table = compat.Table("T", ["r"], ["green", "mixed", "none"])
        rules = [compat.Rule("T", "r", "green", re.compile("^s > ok"), False, 1),
                 compat.Rule("T", "r", "mixed", re.compile("^s > "), False, 2),
                 compat.Rule("T", "r", "none", re.compile("^gone"), True, 3),
                 compat.Rule("T", "r", "none", re.compile("^also gone"), False, 4)]
        text, problems = compat.render([table], rules, {}, {"s > ok 1": True, "s > ok 2": True, "s > bad": False})
        row = next(line for line in text.splitlines() if line.startswith("| r |"))
        self.assertEqual("| r | yes: `s` (2) | no (1 of 3 tests not green) | no |", row)
        self.assertEqual(1, sum("compatibility-map.txt:4:" in p for p in problems), problems)
        self.assertFalse(any("compatibility-map.txt:3:" in p for p in problems), problems)

    def test_the_committed_map_parses(self):
        tables, rules, _ = compat.read_map(compat.MAP)
        self.assertEqual(["Clients × transports × features", "Adapters", "Bindings"], [t.name for t in tables])
        self.assertTrue(all(r.table in {t.name for t in tables} for r in rules))


if __name__ == "__main__":
    unittest.main()
