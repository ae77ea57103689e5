#!/usr/bin/env python3
"""Writes docs/COMPATIBILITY.md from the test reports of a build: which client, transport,
feature, adapter and binding a test proved in that build.

Usage: python3 docs/site/compat.py [--out PATH] [--reports DIR] [--partial]   (after ./mvnw verify)
--reports reads the reports under another checkout (default: this one); --partial writes the
document after a build that ran only some modules, warning about the rules that matched nothing.

The tests are read from the reports the build leaves:
- Surefire's XML (*/target/surefire-reports/TEST-*.xml): a test is "<module>/<SimpleClass>#<name>",
  e.g. "socketio/JavaClientAckTest#handlerAnswersTheClientsCallback(ClientTransport)[1]";
- the Node suites' TAP copies (*/target/interop-reports/*.tap, written by NodeSuitesTest): a test is
  "<suite file>[ [variant]] > <describe> > ... > <test>", e.g.
  "socketio/acks.test.mjs [msgpack] > websocket > a handler that answers twice sends one ACK only".
Only leaf tests count; a test is green when it ran and passed (not skipped, not failed).

docs/site/compatibility-map.txt says which tests prove which cell, one rule a line:
  <table> | <row> | <column> | <regular expression searched in test names>
A cell is "yes" when its rules match at least one test and every matched test is green; else "no".
A rule that matches no test fails the run (a renamed test must not turn a cell "no" unnoticed),
unless the line starts with "?": a rule for a suite that is not in every build yet.
Exit status 0 when the document was written, 1 on a stale rule or without any report.
"""
from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAP = Path(__file__).resolve().parent / "compatibility-map.txt"
OUT = ROOT / "docs" / "COMPATIBILITY.md"
# The Java client tests take their transport as @EnumSource(ClientTransport.class): Surefire names
# an invocation by its index only ("[1]"), so the map relies on this declaration order.
CLIENT_TRANSPORT = ROOT / "test-fixtures/src/main/java/dev/switchboard/fixtures/ClientTransport.java"
CLIENT_TRANSPORT_ORDER = ["POLLING", "WEBSOCKET", "UPGRADE"]

TAP_LINE = re.compile(r"^( *)(not ok|ok) \d+ - (.*?)(?: # (SKIP|TODO)\b.*)?$")
TAP_SUBTEST = re.compile(r"^( *)# Subtest: (.*)$")


@dataclass
class Table:
    """One table of the document: its rows and columns in the order the map first names them."""
    name: str
    rows: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)


@dataclass
class Rule:
    table: str
    row: str
    column: str
    pattern: re.Pattern
    optional: bool
    line: int


def _tap_unescape(name: str) -> str:
    return re.sub(r"\\(.)", r"\1", name)


def tap_results(path: Path, suite: str) -> dict[str, bool]:
    """Leaf test name -> green, from one TAP file of Node's test runner."""
    stack: list[str] = []
    seen: dict[str, bool] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = TAP_SUBTEST.match(line)
        if m:
            depth = len(m.group(1)) // 4
            del stack[depth:]
            stack.append(_tap_unescape(m.group(2)))
            continue
        m = TAP_LINE.match(line)
        if m:
            depth = len(m.group(1)) // 4
            names = stack[:depth] + [_tap_unescape(m.group(3))]
            seen[" > ".join([suite, *names])] = m.group(2) == "ok" and m.group(4) is None
    return {k: v for k, v in seen.items() if not any(other.startswith(k + " > ") for other in seen)}


def tap_suite_name(path: Path) -> str:
    """"socketio_acks.test.mjs.msgpack.tap" -> "socketio/acks.test.mjs [msgpack]" (NodeSuitesTest's names)."""
    stem = path.name[: -len(".tap")]
    base, _, variant = stem.partition(".test.mjs")
    base = base.replace("_", "/", 1) + ".test.mjs"
    variant = variant.lstrip(".")
    return f"{base} [{variant}]" if variant else base


def surefire_results(path: Path, module: str) -> dict[str, bool]:
    """Test name -> green, from one Surefire XML report."""
    out = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        cls = case.get("classname", "").rsplit(".", 1)[-1]
        bad = any(child.tag in ("failure", "error", "skipped") for child in case)
        out[f"{module}/{cls}#{case.get('name', '')}"] = not bad
    return out


def collect(root: Path) -> dict[str, bool]:
    results: dict[str, bool] = {}
    for xml in sorted(root.glob("**/target/surefire-reports/TEST-*.xml")):
        module = xml.parent.parent.parent.relative_to(root).as_posix()
        if "node_modules" not in module:
            results.update(surefire_results(xml, module))
    for tap in sorted(root.glob("**/target/interop-reports/*.tap")):
        results.update(tap_results(tap, tap_suite_name(tap)))
    return results


def read_map(path: Path) -> tuple[list[Table], list[Rule], dict[str, str]]:
    tables: dict[str, Table] = {}
    rules: list[Rule] = []
    intros: dict[str, str] = {}
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        optional = line.startswith("?")
        parts = [p.strip() for p in line.lstrip("?").split("|", 3)]
        if parts[0] == "table" and len(parts) >= 3:
            tables.setdefault(parts[1], Table(parts[1]))
            intros[parts[1]] = " | ".join(parts[2:])
            continue
        if len(parts) != 4 or not all(parts):
            raise ValueError(f"{path.name}:{n}: expected <table> | <row> | <column> | <pattern>: {raw}")
        table = tables.setdefault(parts[0], Table(parts[0]))
        if parts[1] not in table.rows:
            table.rows.append(parts[1])
        if parts[2] not in table.columns:
            table.columns.append(parts[2])
        rules.append(Rule(parts[0], parts[1], parts[2], re.compile(parts[3]), optional, n))
    return list(tables.values()), rules, intros


def check_client_transport_order() -> list[str]:
    if not CLIENT_TRANSPORT.is_file():
        return [f"{CLIENT_TRANSPORT.relative_to(ROOT)} is gone: the map's [1]/[2]/[3] rules name its constants"]
    found = re.findall(r"^\s+([A-Z_]+)\(", CLIENT_TRANSPORT.read_text(encoding="utf-8"), re.M)
    if found != CLIENT_TRANSPORT_ORDER:
        return [f"ClientTransport's constants are {found}, the map's [1]/[2]/[3] rules assume {CLIENT_TRANSPORT_ORDER}"]
    return []


def _proof(tests: list[str]) -> str:
    """The suites (Node files, Java classes) of a cell's tests, with how many tests each."""
    counts: dict[str, int] = {}
    for t in tests:
        key = t.split(" > ", 1)[0] if " > " in t else t.split("#", 1)[0]
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"`{k}` ({v})" for k, v in counts.items())


def render(tables: list[Table], rules: list[Rule], intros: dict[str, str], results: dict[str, bool]) -> tuple[str, list[str]]:
    problems = check_client_transport_order()
    matched_by_rule = {}
    for rule in rules:
        matched = [t for t in results if rule.pattern.search(t)]
        matched_by_rule[id(rule)] = matched
        if not matched and not rule.optional:
            problems.append(f"compatibility-map.txt:{rule.line}: /{rule.pattern.pattern}/ matches no test of this build")
    lines = [
        "# Compatibility",
        "",
        "Generated by `docs/site/compat.py` from the test reports of one build (`./mvnw verify`);",
        "`.ci/run` regenerates it after the tests and publishes it in the docs site. A cell is **yes**",
        "only when tests ran green in that build, named in the cell with how many of their tests prove it;",
        "**no** means that no test of that build proves it: not tested, not supported by that client (the",
        "Java client 2.x has no connection state recovery), or failed. Which tests prove which cell is set",
        "in `docs/site/compatibility-map.txt`; a new suite gets its cells there.",
        "",
        f"This build ran {len(results)} tests, {sum(results.values())} green.",
    ]
    not_green = sorted(name for name, green in results.items() if not green)
    if not_green:
        lines += ["", "Not green in this build:", ""] + [f"- `{name}`" for name in not_green]
    for table in tables:
        lines += ["", f"## {table.name}", ""]
        if table.name in intros:
            lines += [intros[table.name], ""]
        lines.append("| | " + " | ".join(table.columns) + " |")
        lines.append("|---" * (len(table.columns) + 1) + "|")
        for row in table.rows:
            cells = []
            for col in table.columns:
                tests = sorted({t for r in rules if (r.table, r.row, r.column) == (table.name, row, col)
                                for t in matched_by_rule[id(r)]})
                if tests and all(results[t] for t in tests):
                    cells.append("yes: " + _proof(tests))
                elif tests:
                    failed = [t for t in tests if not results[t]]
                    cells.append(f"no ({len(failed)} of {len(tests)} tests not green)")
                else:
                    cells.append("no")
            lines.append(f"| {row} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n", problems


def main(argv: list[str]) -> int:
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else OUT
    results = collect(Path(argv[argv.index("--reports") + 1]) if "--reports" in argv else ROOT)
    if not results:
        print("[compat] no test report under */target: run ./mvnw verify first", file=sys.stderr)
        return 1
    tables, rules, intros = read_map(MAP)
    text, problems = render(tables, rules, intros, results)
    for p in problems:
        print(f"[compat] {p}", file=sys.stderr)
    if problems and "--partial" not in argv:
        return 1
    out.write_text(text, encoding="utf-8")
    print(f"[compat] wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} from {len(results)} tests")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
