"""Property tests of `render/escape.py` and of the renderers given hostile strings.

Whatever the text, the invariants of "Output safety" in the README hold: no line break from
it, no line starting with `::` and no `##[` anywhere, no control or invisible character in a
text output, strict JSON that keeps the data exact, Markdown with no link, mention or issue
reference (checked with cmark-gfm where it is installed), numbers never `nan` in an SVG.
Hypothesis runs its default budget here and the `fuzz` profile with `pytest --fuzz`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import re
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from okrctl.model import Diagnostic
from okrctl.model.diagnostic import Severity
from okrctl.render import document as doc
from okrctl.render.diagnostics import render_diagnostics
from okrctl.render.diff import render_markdown
from okrctl.render.escape import (
    github_data,
    github_property,
    html_text,
    json_text,
    markdown,
    path,
    plain,
    rich_markup,
)
from okrctl.render.formats import OutputFormat
from okrctl.render.html.svg import Chart, trend_chart
from okrctl.render.log import render_log
from okrctl.render.sparkline import TICKS, sparkline
from okrctl.render.style import console_on
from okrctl.results.changes import Change, ChangeKind, Subject
from okrctl.results.diff import DiffResult, ScoreDelta
from okrctl.results.log import CommitInfo, Entry, LogResult, Target
from okrctl.results.views import Point

CMARK = shutil.which("cmark-gfm")
BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
INVISIBLE = (
    "\x00\x1b\x7f\x9b\u200b\u200e\u200f\u2061\u2062\u2063\u2064\u061c\u180e\ufeff"
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
# Pieces that make a CI log, a terminal or GitHub act: biased towards them, mixed with any text.
DANGEROUS = [
    "::",
    ":",
    "##[",
    "#",
    "[",
    "\n",
    "\r",
    "\u2028",
    "\u2029",
    "\x85",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x1b]8;;",
    "\u200b",
    "\u200e",
    "\u2060",
    "\ufeff",
    "\u202e",
    "\u200d",
    "error file=x::",
    "add-mask::",
    "http://",
    "www.",
    "@",
    "user@evil.example",
    "#1",
    "GH-1",
    "a5c3785ed8d6",
    "<",
    ">",
    "&",
    "`",
    "*",
    "_",
    "|",
    "](",
    "javascript:",
    " ",
    "x",
    ".",
    "%0A",
]
hostile = st.one_of(
    st.text(),
    st.lists(st.one_of(st.sampled_from(DANGEROUS), st.text(max_size=3)), max_size=12).map("".join),
)
UNSAFE = re.compile(
    "[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)
FAST = settings(suppress_health_check=[HealthCheck.too_slow])


def assert_lines_safe(out: str, own_annotations: int = 0) -> None:
    own = 0
    for line in out.split("\n"):
        if line.strip().startswith("::"):
            assert re.match(r"::(error|warning) file=", line), line
            own += 1
        assert "##[" not in line
    assert own == own_annotations


def assert_inline(text: str) -> None:
    """One line, no `::`, no `##[`, no hidden character."""
    for char in BREAKS + INVISIBLE:
        assert char not in text
    assert "::" not in text and "##[" not in text


@given(hostile)
def test_plain_is_one_visible_line_with_no_command(text: str) -> None:
    out = plain(text)
    assert_inline(out)
    # Only what was unsafe changed: the rest reads the same (word joiners aside).
    if not UNSAFE.search(text):
        assert out.replace("\u2060", "") == text


@given(hostile, hostile)
def test_a_path_next_to_okrctl_text_cannot_complete_a_command(a: str, b: str) -> None:
    line = f"{path(a)}:1:2: {plain(b)}"
    assert_inline(line)
    assert not line.lstrip().startswith("::")
    assert "##[" not in f"{path(a)}[x"


@given(hostile)
def test_rich_markup_is_safe_in_a_folded_table(text: str) -> None:
    from rich.table import Table

    buffer = io.StringIO()
    with console_on(buffer) as console:
        table = Table()
        table.add_column("x", width=7, overflow="fold")
        table.add_column("y", ratio=1)
        table.add_row(rich_markup(text), rich_markup(text))
        console.print(table)
        console.print(rich_markup(text))
    out = buffer.getvalue()
    assert_lines_safe(out)
    for char in BREAKS.replace("\n", "") + INVISIBLE:
        assert char not in out


@given(hostile)
def test_github_data_and_properties_stay_in_their_command(text: str) -> None:
    line = (
        f"::error file={github_property(text)},title={github_property(text)}::{github_data(text)}"
    )
    assert line.count("::") == 2
    assert "\n" not in line and "\r" not in line and "##[" not in line
    assert "," not in github_property(text) and ":" not in github_property(text)


@given(hostile)
def test_html_text_has_no_tag_and_no_hidden_character(text: str) -> None:
    out = html_text(text)
    assert "<" not in out and ">" not in out and '"' not in out
    assert_inline(out)


json_data = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | hostile,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile, inner, max_size=4),
    max_leaves=12,
)


def strict(text: str) -> Any:
    def refuse(name: str) -> None:
        raise ValueError(name)

    return json.loads(text, parse_constant=refuse)


@given(json_data)
def test_json_is_strict_exact_and_free_of_commands(data: Any) -> None:
    for indent in (2, None):
        out = json_text(data, indent)
        assert strict(out) == data
        assert "##[" not in out
        assert not any(line.lstrip().startswith("::") for line in out.split("\n"))
        for char in BREAKS.replace("\n", "") + "\x1b\u200b\u202e\ufeff":
            assert char not in out


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_json_refuses_a_non_finite_number(value: float) -> None:
    with pytest.raises(ValueError):
        json_text({"x": value})


def _cmark(md: str) -> str:
    assert CMARK is not None
    args = [CMARK, "--extension", "autolink", "--extension", "table"]
    return subprocess.run(
        [*args, "--extension", "strikethrough"], input=md, capture_output=True, text=True
    ).stdout


@given(hostile)
def test_markdown_has_no_markup_link_or_reference(text: str) -> None:
    out = markdown(text)
    assert_inline(out)
    assert not re.search(r"@\w", out)
    assert not re.search(r"#\d", out)
    assert not re.search(r"(?i)gh\\?-\d", out)
    assert not re.search(r":[\w+-]+:", out)
    assert not re.search(r"(?<![\\])[<>*_`\[\]|]", out)


@pytest.mark.skipif(CMARK is None, reason="cmark-gfm is not installed (.ci/run installs it)")
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(hostile)
def test_markdown_through_cmark_gfm_renders_as_text(text: str) -> None:
    md = f"x {markdown(text)} y\n\n| a | b |\n|---|---|\n| {markdown(text)} | z |\n"
    html = _cmark(md)
    for tag in ("<a ", "<img", "<script", "<em", "<strong", "<del", "<code", "<iframe"):
        assert tag not in html
    # The table keeps its two columns: no `|` from the text split a cell.
    body = html.split("<tbody>")[1]
    assert body.count("<td") == 2


def test_github_references_get_a_zero_width_joiner() -> None:
    """GitHub links these after rendering, where backslashes do not reach: exact output."""
    zwj, wj = "\u200d", "\u2060"
    assert markdown("@user @org/team") == f"@{zwj}user @{zwj}org/team"
    assert markdown("#123 org/repo#1") == f"\\#{zwj}123 org/repo\\#{zwj}1"
    assert markdown("GH-1 JIRA-22") == f"GH\\-{zwj}1 JIRA\\-{zwj}22"
    assert markdown("a5c3785ed8d6") == f"a5c3{zwj}785ed8d6"
    assert markdown(":shipit:") == f":{wj}shipit:"
    assert markdown("Goal: grow") == "Goal: grow"
    assert markdown("http://3105939818/p") == f"http:{wj}//3105939818/p"
    assert markdown("user@evil.example") == f"user@{zwj}evil\\.example"
    # Plain words, numbers and dates are left alone.
    assert markdown("deadline 2026-10-01, 15 deals") == "deadline 2026\\-10\\-01, 15 deals"


def test_plain_shows_each_character_as_an_escape() -> None:
    assert plain("a\nb") == "a\\nb"
    assert plain("\x1b[31m") == "\\x1b[31m"
    assert plain("a\u2028b\u200bc\ufeff") == "a\\u2028b\\u200bc\\ufeff"
    assert plain("t\n::error::x") == "t\\n:\u2060:error:\u2060:x"
    assert plain("##[group]") == "##\u2060[group]"
    assert plain("emoji 👩\u200d💻 and ZWNJ \u200c stay") == "emoji 👩\u200d💻 and ZWNJ \u200c stay"


# --- renderers given results with hostile strings -------------------------------------

severity = st.sampled_from(list(Severity))
diagnostics = st.lists(
    st.builds(
        Diagnostic,
        file=hostile,
        line=st.integers(0, 9),
        col=st.integers(0, 9),
        code=st.sampled_from(["OKR101", "OKR005"]),
        severity=severity,
        message=hostile,
    ),
    max_size=4,
)


@FAST
@given(diagnostics)
def test_diagnostics_in_every_format(found: list[Diagnostic]) -> None:
    for fmt in (OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.GITHUB):
        out = io.StringIO()
        render_diagnostics(found, Path("."), fmt, out)
        text = out.getvalue()
        if fmt is OutputFormat.JSON:
            assert [d["message"] for d in strict(text)] == [d.message for d in found]
            assert_lines_safe(text)
        else:
            lines = text.split("\n")[:-1]
            assert len(lines) == len(found)  # one line a finding, whatever its text
            assert_lines_safe(text, len(found) if fmt is OutputFormat.GITHUB else 0)


@FAST
@given(st.lists(hostile, min_size=1, max_size=4))
def test_documents_in_text_and_markdown(texts: list[str]) -> None:
    for fmt in (doc.Fmt(), doc.MarkdownFmt()):
        blocks: list[doc.Block] = [
            doc.Heading(1, fmt.t(texts[0])),
            doc.Para(fmt.t(texts[-1])),
            doc.Items(tuple(fmt.t(t) for t in texts)),
            doc.table(["a", "b"], [[fmt.code(t), fmt.t(t)] for t in texts]),
        ]
        out = io.StringIO()
        doc.write(blocks, fmt, out)
        assert_lines_safe(out.getvalue())
        for char in BREAKS.replace("\n", "") + INVISIBLE:
            assert char not in out.getvalue()


def _change(kind: str, ref: str, text: str) -> Change:
    return Change(ChangeKind(kind), Subject.OBJECTIVE, "2026-q4", ref, "title", text)


def _diff(
    base: str,
    changes: Sequence[Change],
    scores: Sequence[ScoreDelta],
    violations: Sequence[Diagnostic],
    preexisting: Sequence[Diagnostic] = (),
) -> DiffResult:
    day = dt.date(2026, 10, 9)
    return DiffResult(
        base,
        "HEAD",
        day,
        tuple(changes),
        tuple(scores),
        tuple(violations),
        (),
        True,
        tuple(preexisting),
    )


changes = st.lists(
    st.builds(
        _change, kind=st.sampled_from(["goal", "progress", "other"]), ref=hostile, text=hostile
    ),
    max_size=4,
)
scores = st.lists(
    st.builds(
        ScoreDelta,
        kind=st.just("objective"),
        ref=hostile,
        title=hostile,
        before=st.none() | st.floats(0, 1),
        after=st.none() | st.floats(0, 1),
        before_status=st.none() | st.just("red"),
        after_status=st.none() | st.just("green"),
    ),
    max_size=3,
)


@FAST
@given(hostile, changes, scores, diagnostics)
def test_diff_markdown(
    base: str, found: list[Change], moved: list[ScoreDelta], bad: list[Diagnostic]
) -> None:
    md = render_markdown(_diff(base, found, moved, bad, preexisting=bad), Path("."))
    assert_lines_safe(md)
    for char in BREAKS.replace("\n", "") + INVISIBLE:
        assert char not in md


def test_one_long_title_leaves_every_goal_change_in_the_summary() -> None:
    """Item 13: a 60 KB title is cut to 200 characters; no section is lost."""
    title = "t" * 60_000
    goals = [_change("goal", f"2026-q4/o{i}", f"title: {title}") for i in range(20)]
    moved = [ScoreDelta("objective", "2026-q4/o1", title, 0.1, 0.2, "red", "red")]
    md = render_markdown(_diff("main", goals, moved, []), Path("."))
    assert "Truncated" not in md
    assert md.count("\n- 2026\\-q4/o") == 20
    assert ("t" * 199 + "…") in md and "t" * 200 not in md


@FAST
@given(hostile, hostile, hostile, changes)
def test_log_in_every_format(author: str, email: str, subject: str, found: list[Change]) -> None:
    when = dt.datetime(2026, 10, 8, tzinfo=dt.UTC)
    commit = CommitInfo("a" * 40, author, email, when, subject)
    warning = Diagnostic(
        "cycles/2026-q4/objectives/o.yaml", 0, 0, "OKR701", Severity.WARNING, subject
    )
    entry = Entry(commit, tuple(found), (warning,))
    log = LogResult(
        Target("objective", "2026-q4/o", "cycles/2026-q4/objectives/o.yaml"), "HEAD", (entry,)
    )
    for fmt in (OutputFormat.TEXT, OutputFormat.MARKDOWN, OutputFormat.JSON):
        out = io.StringIO()
        render_log(log, fmt, out)
        assert_lines_safe(out.getvalue())
        if fmt is OutputFormat.JSON:
            assert [c["subject"] for c in strict(out.getvalue())["commits"]] == [subject]
        else:
            for char in BREAKS.replace("\n", "") + INVISIBLE:
                assert char not in out.getvalue()


numbers = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-(10**300), 10**300).map(
    float
)


@given(st.lists(numbers | st.booleans(), max_size=12))
def test_sparkline_has_one_tick_per_value_whatever_the_range(values: list[float | bool]) -> None:
    line = sparkline(values)
    assert len(line) == len(values)
    assert set(line) <= set(TICKS)


@FAST
@given(
    st.lists(numbers, max_size=6),
    st.none() | numbers,
    st.none() | numbers,
    hostile,
)
@example([], None, None, "nan")  # a title may say nan or inf: only the drawing may not
@example([1.0], 0.0, 2.0, "Infinity")
def test_svg_chart_is_always_drawable(
    values: list[float], baseline: float | None, target: float | None, title: str
) -> None:
    day = dt.date(2026, 10, 1)
    points = [Point(day + dt.timedelta(days=7 * i), v) for i, v in enumerate(values)]
    chart = Chart(
        "c", title, "%", baseline, target, day, dt.date(2026, 12, 31), dt.date(2026, 11, 1), points
    )
    svg = trend_chart(chart)
    # The chart's own words and numbers, without its title: a title may say "nan" itself.
    drawn = re.sub(r'<title id="c-t">.*?</title>', "", svg, flags=re.S)
    assert "nan" not in drawn and "inf" not in drawn.replace("info", "")
    assert "<script" not in svg
    for number in re.findall(r'\s(?:x|y|x1|x2|y1|y2|cx|cy)="([^"]*)"', svg):
        assert math.isfinite(float(number))  # every coordinate is a finite number
