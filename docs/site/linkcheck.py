#!/usr/bin/env python3
"""Checks every relative link of a built static site: the file it points at exists, and so does
the anchor after its '#'.

Usage: python3 docs/site/linkcheck.py [SITE_DIR]   (default: target/site)

Every HTML file under the site is read; its <a href>, <link href>, <img src>, <script src> and
<iframe src> that point inside the site are checked. A link to a directory must have an
index.html there. An anchor must be the id (or the <a name>) of an element of the target page;
an anchor on a file that is not HTML (a Java source, an SVG, nginx.conf) cannot be checked, so it
is an error too: link the file, or a heading of a page. Links with a scheme (https:, mailto:) or
starting with // leave the site and are not fetched: this check runs offline.

Exit status 0 when every link resolves, 1 otherwise, with one line per broken link:
"page -> link: why" (the page is named by the Markdown file it was built from when there is one).
"""
from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src"}


class _Page(HTMLParser):
    """The ids and outgoing links of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        attr = LINK_ATTRS.get(tag)
        if attr and values.get(attr) is not None:
            self.links.append(values[attr])

    handle_startendtag = handle_starttag


def _parse(path: Path, cache: dict[Path, _Page]) -> _Page:
    page = cache.get(path)
    if page is None:
        page = _Page()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        page.close()
        cache[path] = page
    return page


def _leaves_site(link: str) -> bool:
    parts = urlsplit(link)
    return bool(parts.scheme) or link.startswith("//")


def check(site: Path, known: frozenset[str] = frozenset()) -> list[str]:
    """Every broken relative link under `site`, one message each (empty when all resolve).

    `known` holds "page -> link" pairs (page relative to the site) to leave out: defects of
    generated pages that no source of ours can fix, each with its reason where it is defined.
    """
    site = site.resolve()
    cache: dict[Path, _Page] = {}
    problems: list[str] = []
    pages = sorted(site.rglob("*.html"))
    if not pages:
        return [f"{site}: no HTML page: build the site first"]
    for page_path in pages:
        page = _parse(page_path, cache)
        name = page_path.relative_to(site).as_posix()
        for link in page.links:
            if not link or _leaves_site(link) or f"{name} -> {link}" in known:
                continue
            parts = urlsplit(link)
            if parts.path == "":
                target = page_path
            elif parts.path.startswith("/"):
                # Root-relative (mkdocs' 404 page): the site is served at the root of its host.
                target = (site / unquote(parts.path).lstrip("/")).resolve()
            else:
                target = (page_path.parent / unquote(parts.path)).resolve()
            why = None
            if site != target and site not in target.parents:
                why = "points outside the site"
            elif target.is_dir():
                target = target / "index.html"
                if not target.is_file():
                    why = "a directory without index.html"
            elif not target.is_file():
                why = "no such file"
            if why is None and parts.fragment:
                anchor = unquote(parts.fragment)
                if target.suffix != ".html":
                    why = f"an anchor in {target.suffix or 'a'} file, which cannot be checked"
                elif anchor not in _parse(target, cache).ids:
                    why = f"no anchor #{anchor} in {target.relative_to(site).as_posix()}"
            if why:
                problems.append(f"{source_name(name)} -> {link}: {why}")
    return problems


def source_name(html_name: str) -> str:
    """The Markdown file a page of the site was built from (README.html came from README.md)."""
    if html_name == "index.html":
        return "README.md"
    if html_name.startswith("api/"):
        return html_name
    return html_name[: -len(".html")] + ".md"


# javadoc 17's constant-values.html lists the constants under the common package prefix
# ("dev.switchboard.*") and links that prefix as an anchor it never writes.
JAVADOC_DEFECTS = frozenset({"api/constant-values.html -> #dev.switchboard"})


def main(argv: list[str]) -> int:
    site = Path(argv[1]) if len(argv) > 1 else Path("target/site")
    problems = check(site, JAVADOC_DEFECTS)
    for p in problems:
        print(f"broken link: {p}", file=sys.stderr)
    count = sum(1 for _ in site.rglob("*.html"))
    if problems:
        print(f"linkcheck: {len(problems)} broken link(s) in {count} pages of {site}", file=sys.stderr)
        return 1
    print(f"linkcheck: every relative link and anchor of {count} pages of {site} resolves")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
