#!/usr/bin/env python3
"""Builds the docs site into target/site and checks its links.

Usage: python3 docs/site/build.py [--skip-javadoc] [--skip-matrix]

0. The tools' own tests (test_site_tools.py), then docs/COMPATIBILITY.md from the test reports the last ./mvnw verify left (compat.py); run after
   the tests, as .ci/run does. --skip-matrix keeps the committed one (a build without tests).

1. The aggregated Javadoc of the published modules, those bom/pom.xml lists (maven-javadoc-plugin's
   aggregate goal run on the parent and those modules; test-support and test-fixtures are in the reactor
   only because their tests use them).
   --skip-javadoc reuses target/reports/apidocs from an earlier run.
2. A staging tree, target/docs-site/src, laid out as the repository is: README.md (the home page),
   SECURITY.md and CHANGELOG.md when they exist, everything under docs/ but this folder, and every
   file of the repository that one of those pages links to (a Java source, nginx.conf), so that a
   relative link means on the site what it means on the repository.
3. mkdocs (Debian's package `mkdocs`) builds the site from docs/site/mkdocs.yml. The navigation
   there must name every page; a page it lists may be missing only if it is in OPTIONAL_PAGES.
4. linkcheck.py fails the build on any broken relative link or missing anchor.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import compat
import linkcheck

ROOT = Path(__file__).resolve().parents[2]
SITE_TOOLS = Path(__file__).resolve().parent
STAGE = ROOT / "target" / "docs-site"
SRC = STAGE / "src"
SITE = ROOT / "target" / "site"
APIDOCS = ROOT / "target" / "reports" / "apidocs"

JAVADOC_PLUGIN = "org.apache.maven.plugins:maven-javadoc-plugin:3.12.0"
# Pages the navigation lists before they exist: left out of the site until they do.
OPTIONAL_PAGES: set[str] = set()
# Repository files at the top that belong on the site when present.
TOP_LEVEL_PAGES = ["README.md", "SECURITY.md", "CHANGELOG.md", "RELEASING.md"]

MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""")
FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)


class BuildError(Exception):
    """A reason the site cannot be built, said so that the reader knows what to change."""


def library_modules() -> list[str]:
    """The module folders whose artifacts the BOM lists and that have a module descriptor: what the Javadoc covers."""
    bom = (ROOT / "bom" / "pom.xml").read_text(encoding="utf-8")
    managed = set(re.findall(r"<dependency>\s*<groupId>[^<]+</groupId>\s*<artifactId>([^<]+)</artifactId>", bom))
    modules = []
    for folder in re.findall(r"<module>([^<]+)</module>", (ROOT / "pom.xml").read_text(encoding="utf-8")):
        pom = (ROOT / folder / "pom.xml").read_text(encoding="utf-8")
        own = pom[pom.find("</parent>") + 1:] if "</parent>" in pom else pom
        artifact = re.search(r"<artifactId>([^<]+)</artifactId>", own)
        # javadoc cannot aggregate named and unnamed modules: a published module without a
        # module-info (the Spring Boot starter, read from the class path) is left to its own
        # -javadoc.jar.
        if artifact and artifact.group(1) in managed and (ROOT / folder / "src/main/java/module-info.java").is_file():
            modules.append(folder)
    if not modules:
        raise BuildError("no module of pom.xml is listed in bom/pom.xml: nothing to document")
    return modules


def javadoc() -> None:
    # test-support and test-fixtures are in the reactor only because the modules' tests depend on
    # them: on a machine whose local repository has never seen them, Maven must find them here.
    projects = ",".join([".", "test-support", "test-fixtures", *library_modules()])
    mvnw = ROOT / ("mvnw.cmd" if sys.platform == "win32" else "mvnw")
    # maven.javadoc.skip follows maven.deploy.skip in the poms; the site wants the Javadoc anyway.
    cmd = [str(mvnw), "-q", "-B", f"{JAVADOC_PLUGIN}:aggregate", "-pl", projects,
           "-Dmaven.javadoc.skip=false", "-Dmaven.javadoc.skippedModules=switchboard-test-support,switchboard-test-fixtures"]
    print("[docs-site] " + " ".join(cmd), flush=True)
    if subprocess.run(cmd, cwd=ROOT).returncode != 0:
        raise BuildError("the aggregated Javadoc failed (see the Maven output above)")


def github_anchors(markdown: str) -> set[str]:
    """The anchors GitHub gives the headings of a page (its slugs differ from mkdocs' on some
    punctuation): lower case, markup and punctuation dropped, each space a hyphen, repeats numbered."""
    anchors: set[str] = set()
    for m in re.finditer(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", FENCE.sub("", markdown), re.M):
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", m.group(1))
        slug = re.sub(r"[^\w\- ]", "", text.lower().replace("`", "")).replace(" ", "-")
        n, candidate = 0, slug
        while candidate in anchors:
            n += 1
            candidate = f"{slug}-{n}"
        anchors.add(candidate)
    return anchors


def relative_links(markdown: str) -> list[str]:
    """The relative link targets of a Markdown page (code blocks left out), without anchors."""
    text = FENCE.sub("", markdown)
    found = MD_LINK.findall(text) + HTML_LINK.findall(text)
    out = []
    for link in found:
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", link) or link.startswith(("#", "//")):
            continue
        out.append(link.split("#", 1)[0].split("?", 1)[0])
    return [link for link in out if link]


def anchored_links(markdown: str) -> list[tuple[str, str]]:
    """(path, anchor) of the relative links with an anchor; an empty path is the page itself."""
    text = FENCE.sub("", markdown)
    out = []
    for link in MD_LINK.findall(text):
        if "#" in link and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", link) and not link.startswith("//"):
            path, anchor = link.split("#", 1)
            out.append((path, anchor))
    return out


def stage() -> list[str]:
    """Lays out the staging tree; returns the Markdown pages staged, relative to it."""
    shutil.rmtree(STAGE, ignore_errors=True)
    SRC.mkdir(parents=True)
    for name in TOP_LEVEL_PAGES:
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, SRC / name)
    shutil.copy2(SITE_TOOLS / "extra.css", SRC / "extra.css")
    shutil.copytree(ROOT / "docs", SRC / "docs", ignore=lambda d, names: ["site"] if Path(d) == ROOT / "docs" else [])
    pages = sorted(p.relative_to(SRC).as_posix() for p in SRC.rglob("*.md"))
    missing = []
    queue = list(pages)
    while queue:
        page = queue.pop()
        for link in relative_links((SRC / page).read_text(encoding="utf-8")):
            repo_target = (ROOT / page).parent.joinpath(link).resolve()
            try:
                rel = repo_target.relative_to(ROOT)
            except ValueError:
                missing.append(f"{page} -> {link}: outside the repository")
                continue
            if rel.parts and rel.parts[0] == "target":
                missing.append(f"{page} -> {link}: a build output, not a file of the repository")
            elif repo_target.is_dir():
                missing.append(f"{page} -> {link}: a directory; link a file in it")
            elif repo_target.is_file() and not (SRC / rel).exists():
                (SRC / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(repo_target, SRC / rel)
                if rel.suffix == ".md":
                    # A page reached only by a link: its own links must resolve on the site too.
                    queue.append(rel.as_posix())
            elif not repo_target.exists():
                # Pages are read on the repository too: a link must resolve there, not only on the site.
                missing.append(f"{page} -> {link}: no such file in the repository")
    for page in pages:
        for path, anchor in anchored_links((SRC / page).read_text(encoding="utf-8")):
            target = (ROOT / page).parent.joinpath(path).resolve() if path else ROOT / page
            if target.suffix == ".md" and target.is_file() and anchor not in github_anchors(
                    target.read_text(encoding="utf-8")):
                missing.append(f"{page} -> {path}#{anchor}: no such heading on the repository's view of the page")
    if missing:
        raise BuildError("links the site cannot carry:\n  " + "\n  ".join(missing))
    return pages


def config(pages: list[str]) -> None:
    """Writes the mkdocs config into the stage: the committed one, minus optional pages not written yet."""
    text = (SITE_TOOLS / "mkdocs.yml").read_text(encoding="utf-8")
    nav_entry = re.compile(r"^(\s*- [^:\n]+: )(\S+\.md)\s*$", re.M)
    listed = set()
    problems = []
    kept = []
    for line in text.splitlines(keepends=True):
        m = nav_entry.match(line)
        if m:
            page = m.group(2)
            if page not in pages:
                if page in OPTIONAL_PAGES:
                    continue
                problems.append(f"the navigation names {page}, which does not exist")
            listed.add(page)
        kept.append(line)
    for page in pages:
        if page not in listed:
            problems.append(f"{page} is not in the navigation of docs/site/mkdocs.yml: add it there")
    if problems:
        raise BuildError("\n  ".join(["the site's navigation:", *problems]))
    (STAGE / "mkdocs.yml").write_text("".join(kept), encoding="utf-8")


def mkdocs() -> list[str]:
    """Builds the site; returns mkdocs' warnings, which fail the build after the link check."""
    if shutil.which("mkdocs") is None:
        raise BuildError("mkdocs is not installed: apt-get install mkdocs (Debian's 1.4.2 is what CI uses)")
    shutil.rmtree(SITE, ignore_errors=True)
    result = subprocess.run(["mkdocs", "build", "-f", str(STAGE / "mkdocs.yml")], cwd=STAGE,
                            capture_output=True, text=True)
    out = (result.stdout + result.stderr).strip()
    if out:
        print(out)
    if result.returncode != 0:
        raise BuildError(f"mkdocs build failed (exit {result.returncode})")
    return [line for line in out.splitlines() if "WARNING" in line]


def self_test() -> None:
    import unittest
    suite = unittest.defaultTestLoader.loadTestsFromName("test_site_tools")
    if not unittest.TextTestRunner(verbosity=1).run(suite).wasSuccessful():
        raise BuildError("the site tools' own tests failed (above)")


def main(argv: list[str]) -> int:
    try:
        self_test()
        if "--skip-matrix" not in argv and compat.main([]) != 0:
            raise BuildError("the compatibility matrix could not be generated (above); --skip-matrix keeps the committed one")
        if "--skip-javadoc" not in argv:
            javadoc()
        if not (APIDOCS / "index.html").is_file():
            raise BuildError(f"no Javadoc in {APIDOCS}: run without --skip-javadoc")
        pages = stage()
        # Without its Markdown files (legal/*.md), which mkdocs would render as pages.
        shutil.copytree(APIDOCS, SRC / "api", ignore=shutil.ignore_patterns("*.md"))
        config(pages)
        warnings = mkdocs()
    except BuildError as e:
        print(f"[docs-site] {e}", file=sys.stderr)
        return 1
    status = linkcheck.main(["linkcheck", str(SITE)])
    if warnings:
        print(f"[docs-site] mkdocs warned {len(warnings)} time(s) (above): the build fails on warnings", file=sys.stderr)
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
