"""The frame every page shares: document shell, inline CSS, navigation, status badges.

Pages are self-contained: no script, no external file, no network; a Content-Security-Policy
forbids everything else, so even a missed escape could not run code or fetch anything.
Every text from YAML goes through `esc` (html_text).
"""

from __future__ import annotations

import datetime as dt
import functools

from okrctl import __version__
from okrctl.render.escape import html_text as esc
from okrctl.render.marks import SYMBOL, percent
from okrctl.results.scores import Status, Value

WORD = {
    Status.GREEN: "on track",
    Status.YELLOW: "at risk",
    Status.RED: "off track",
    Status.NOT_STARTED: "not started",
    Status.DROPPED: "dropped",
}
# Foreground colours for lines and markers in charts (contrast >= 3:1 on white).
STROKE = {
    Status.GREEN: "#1a7f37",
    Status.YELLOW: "#9a6700",
    Status.RED: "#c62828",
    Status.NOT_STARTED: "#57606a",
    Status.DROPPED: "#57606a",
}

PAGES = (
    ("index.html", "Control center"),
    ("scorecard.html", "Scorecard"),
    ("alignment.html", "Alignment"),
)

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"

# Text colours on their backgrounds all reach WCAG AA (>= 4.5:1).
CSS = """
:root{--fg:#1f2328;--muted:#57606a;--line:#d0d7de;--bg:#fff;--link:#0550ae}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:var(--fg);background:var(--bg)}
a{color:var(--link)}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px}
header{border-bottom:1px solid var(--line);padding:12px 24px}
header p{margin:0;color:var(--muted)}
nav ul{list-style:none;margin:8px 0 0;padding:0;display:flex;gap:16px;flex-wrap:wrap}
nav a[aria-current]{font-weight:700;color:var(--fg);text-decoration:none}
main{padding:8px 24px 32px;max-width:1100px}
h1{font-size:1.5rem;margin:.6rem 0}h2{font-size:1.25rem;margin:1.6rem 0 .4rem}
h3{font-size:1.05rem;margin:1.2rem 0 .3rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;background:#f6f8fa}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
table.grid{table-layout:fixed}.w1{width:38%}.w2{width:11%}.w3{width:17%}.w4{width:14%}
.w5{width:7%}.w6{width:13%}.k1{width:34%}.k2{width:12%}.k3{width:13%}.k4{width:13%}
.k5{width:14%}.k6{width:14%}
table.facts{width:auto;min-width:60%}table.facts th{width:15rem}
td.nowrap{white-space:nowrap}
caption{text-align:left;font-weight:600;padding:4px 0}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;
white-space:nowrap;border:1px solid}
.s-green{background:#dafbe1;color:#0a5c24;border-color:#4ac26b}
.s-yellow{background:#fff8c5;color:#6b4a00;border-color:#d4a72c}
.s-red{background:#ffebe9;color:#a0111f;border-color:#ff8182}
.s-not-started,.s-none{background:#eaeef2;color:#424a53;border-color:#afb8c1}
.bar{display:inline-block;width:90px;height:10px;background:#eaeef2;border:1px solid #8c959f;
vertical-align:middle;margin-right:6px}
.bar span{display:block;height:100%;background:#0969da}
.flag{color:#a0111f;font-weight:600}
.blockers{border-left:4px solid #a0111f;padding:.1em .8em;margin:.6em 0}
.muted{color:var(--muted)}
.summary{display:flex;gap:12px;flex-wrap:wrap;padding:0;list-style:none}
ul.tree{list-style:none;padding-left:0}ul.tree ul{list-style:none;padding-left:24px;
border-left:1px dashed var(--line);margin-left:8px}
ul.tree li{margin:6px 0}
figure{margin:.5rem 0}figcaption{color:var(--muted);font-size:.9rem}
svg text{font:12px system-ui,sans-serif;fill:#1f2328}
footer{color:var(--muted);padding:12px 24px;border-top:1px solid var(--line)}
"""


def number(value: Value | None, unit: str | None = None) -> str:
    """A value as text: 75, 88.5, done/not done; '–' when missing. Escaped."""
    # The report formats every check-in's value twice (chart and table): the exact types
    # first, and the unit's escaped suffix from a cache (the digits need no escaping, and
    # the suffix cannot join them into anything escaping would change).
    kind = type(value)
    if kind is float:
        text = f"{value:g}"
    elif kind is int:
        text = str(value)
    else:
        return _other_number(value, unit)
    return text + unit_suffix(unit) if unit else text


def _other_number(value: Value | None, unit: str | None) -> str:
    """`number` of anything but an exact float or int (None, a bool, a subclass)."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "done" if value else "not done"
    text = str(value) if isinstance(value, int) else f"{value:g}"
    if not unit:
        return text  # digits, '.', '-', 'e', '+', 'inf' or 'nan': nothing to escape
    return esc(text + _separated(unit))


def _separated(unit: str) -> str:
    return f"\u00a0{unit}" if unit not in ("%",) else unit


@functools.lru_cache(maxsize=1 << 12)
def unit_suffix(unit: str) -> str:
    """What follows a number with that unit, escaped: ' days', '%'."""
    return esc(_separated(unit))


# The same few confidences and progress figures come back on every page.
cached_percent = functools.lru_cache(maxsize=1 << 12, typed=True)(percent)


def _badge(status: Status | None) -> str:
    if status is None:
        return '<span class="badge s-none">– no objectives</span>'
    return (
        f'<span class="badge s-{status.value}">'
        f'<span aria-hidden="true">{SYMBOL[status]}</span> {WORD[status]}</span>'
    )


_BADGES = {status: _badge(status) for status in (*Status, None)}


def badge(status: Status | None) -> str:
    """The status as a coloured badge that also reads as symbol and words."""
    return _BADGES[status]


def bar(fraction: float | None) -> str:
    """A progress bar with its percentage as text (the bar itself is decoration)."""
    if fraction is None:
        return '<span class="muted">–</span>'
    width = max(0.0, min(1.0, fraction)) * 100
    return (
        f'<span class="bar" aria-hidden="true"><span style="width:{width:.0f}%"></span></span>'
        f"{cached_percent(fraction)}"
    )


def objective_page(objective_id: str) -> str:
    """The file name of an objective's page (ids are lowercase-dash, safe in a path)."""
    return f"objective-{objective_id}.html"


class Frame:
    """The document shell every page of one site shares, made once: only the title, the
    current page's mark in the navigation and the body differ from page to page."""

    def __init__(self, organization: str, cycle_name: str, as_of: dt.date) -> None:
        org = esc(organization)
        self._head = (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>"
        )
        self._after_title = (
            f" · {org}</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n"
            '<a class="skip" href="#main">Skip to content</a>\n'
            f"<header>\n<p>{org} · {esc(cycle_name)} · as of {as_of.isoformat()}</p>\n"
        )
        self._navs: dict[str, str] = {}
        self._tail = (
            "\n</main>\n"
            f"<footer>Generated by okrctl {__version__} from the strategy repo.</footer>\n"
            "</body>\n</html>\n"
        )

    def _nav(self, filename: str) -> str:
        key = filename if any(filename == target for target, _ in PAGES) else ""
        found = self._navs.get(key)
        if found is None:
            links = []
            for target, label in PAGES:
                current = ' aria-current="page"' if target == key else ""
                links.append(f'<li><a href="{target}"{current}>{label}</a></li>')
            found = self._navs[key] = (
                f'<nav aria-label="Pages"><ul>{"".join(links)}</ul></nav>\n</header>\n'
                '<main id="main">\n'
            )
        return found

    def page(self, filename: str, title: str, body: str) -> str:
        """A whole HTML document around `body`. `title` and `body` are HTML already."""
        return "".join(
            (self._head, title, self._after_title, self._nav(filename), body, self._tail)
        )


def page(
    filename: str,
    title: str,
    body: str,
    organization: str,
    cycle_name: str,
    as_of: dt.date,
) -> str:
    """A whole HTML document around `body`. `title` and `body` are HTML already."""
    return Frame(organization, cycle_name, as_of).page(filename, title, body)
