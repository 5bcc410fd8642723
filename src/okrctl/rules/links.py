"""Rules about links: where the work of a goal lives."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from urllib.parse import urlsplit

from okrctl.load.source import Loc, SourceFile
from okrctl.model import Severity
from okrctl.model.common import Link
from okrctl.model.diagnostic import Draft
from okrctl.rules.engine import RuleContext, rule

E = Severity.ERROR


def url_problem(url: str) -> str | None:
    """Why `url` is not a link okrctl shows, or None when it is a plain http(s) URL."""
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return "it contains spaces or control characters"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "it is not a URL"
    if parts.scheme.lower() not in ("http", "https"):
        # javascript:, data: or file: would run or open something in a reader's browser.
        return "only http:// and https:// links are allowed"
    if not parts.hostname:
        return "it names no host"
    return None


@rule("OKR016", "link-not-http", E, "Every link's `url` is an http:// or https:// URL.")
def link_not_http(ctx: RuleContext) -> Iterator[Draft]:
    """Links are shown in reports and the HTML site: a `javascript:` or `file:` URL from a
    pull request must never become one.

    Bad: `links: [{title: Epic, url: "javascript:alert(1)"}]` or `url: gitlab.com/epics/12`.
    Good: `links: [{title: Epic, url: "https://gitlab.com/groups/acme/-/epics/12"}]`.
    """

    def check(source: SourceFile, loc: Loc, links: Sequence[Link]) -> Iterator[Draft]:
        for i, link in enumerate(links):
            why = url_problem(link.url)
            if why is not None:
                yield Draft.value_at(
                    source,
                    (*loc, "links", i, "url"),
                    f"link '{link.title}' is not a web link: {why}",
                )

    for _, doc in ctx.objectives():
        yield from check(doc.source, (), doc.model.links)
        for k, kr in enumerate(doc.model.key_results):
            yield from check(doc.source, ("key_results", k), kr.links)
            for n, ini in enumerate(kr.initiatives):
                yield from check(doc.source, ("key_results", k, "initiatives", n), ini.links)
    for _, kdoc in ctx.repo.kpis():
        yield from check(kdoc.source, (), kdoc.model.links)
