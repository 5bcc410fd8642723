"""The HTML report's objective pages: blockers, adjustments with their reasons, the
check-in history, and charts that rise when a decreasing key result improves."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from conftest import GOOD_OBJECTIVE, WriteRepo
from okrctl.cli.app import app
from okrctl.render.sparkline import sparkline
from test_report_html import EXAMPLE, IMG, SCRIPT, outline


def site(repo: Path, out: Path, as_of: str) -> Path:
    result = CliRunner().invoke(
        app, ["report", "--html", str(out), "--as-of", as_of, "-C", str(repo), "--no-history"]
    )
    assert result.exit_code == 0, result.stderr
    return out


def section(page: Path, kr: str) -> str:
    text = page.read_text(encoding="utf-8")
    start = text.index(f'data-kr="{kr}"')
    return text[start : text.index("</section>", start)]


def test_blockers_of_the_latest_checkin_are_shown(tmp_path: Path) -> None:
    page = site(EXAMPLE, tmp_path / "site", "2026-11-12") / "objective-platform-trust.html"
    sso = section(page, "enterprise-sso")
    # The check-in of 2026-11-09, the latest on 2026-11-12, names one blocker.
    assert (
        '<div class="blockers" role="note"><p><span class="flag">blocked</span> '
        "Blockers at the check-in of 2026-11-09:</p>"
        "<ul><li>SAML certificate rotation fails against Entra ID</li></ul></div>"
    ) in sso
    # A week later the 2026-11-16 check-in has none: the key result is no longer blocked,
    # and the history keeps each blocker beside its check-in.
    later = site(EXAMPLE, tmp_path / "later", "2026-11-28") / "objective-platform-trust.html"
    sso = section(later, "enterprise-sso")
    assert 'class="blockers"' not in sso
    rows = re.findall(r"<tr><td>(2026-[0-9-]+)</td>.*?</tr>", sso)
    assert rows[:8] == [f"2026-{d}" for d in ("11-23", "11-16", "11-09", "11-02",
                                              "10-26", "10-19", "10-12", "10-05")]  # fmt: skip
    assert sso.count("<li>SAML certificate rotation fails against Entra ID</li>") == 2
    assert "<details open><summary>Check-ins of " in sso


def test_adjustments_are_listed_with_their_reasons(tmp_path: Path) -> None:
    page = site(EXAMPLE, tmp_path / "site", "2026-11-28") / "objective-enterprise-growth.html"
    accounts = section(page, "new-enterprise-accounts")
    assert (
        "<tr><td>2026-10-20</td><td>target</td><td>12\u00a0accounts → 10\u00a0accounts</td>"
        "<td>Nordfrakt and two other late-stage prospects froze purchasing after their merger "
        "was announced; agreed by the leadership team at the October MBR.</td></tr>"
    ) in accounts


def test_a_look_back_shows_only_what_had_happened(tmp_path: Path) -> None:
    """As of 2026-11-12 the check-ins of 11-16 and 11-23 and the target change of 10-20
    (seen as of 10-19) have not happened yet: no table row, chart point or adjustment."""
    page = site(EXAMPLE, tmp_path / "site", "2026-11-12") / "objective-platform-trust.html"
    sso = section(page, "enterprise-sso")
    rows = re.findall(r"<tr><td>(2026-[0-9-]+)</td>.*?</tr>", sso)
    assert rows[:2] == ["2026-11-09", "2026-11-02"]
    assert "2026-11-16" not in sso and "2026-11-23" not in sso  # table, chart tips, text
    early = site(EXAMPLE, tmp_path / "early", "2026-10-19") / "objective-enterprise-growth.html"
    accounts = section(early, "new-enterprise-accounts")
    assert "2026-10-20" not in accounts and "12\u00a0accounts → 10\u00a0accounts" not in accounts
    assert "2026-10-20" in section(
        site(EXAMPLE, tmp_path / "late", "2026-10-20") / "objective-enterprise-growth.html",
        "new-enterprise-accounts",
    )


def test_objective_level_adjustments_and_hostile_text(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    objective = GOOD_OBJECTIVE.replace(
        "      - {date: 2026-10-07, value: 60, confidence: 0.7}\n",
        f"      - {{date: 2026-10-07, value: 60, blockers: ['{SCRIPT}']}}\n"
        "    adjustments:\n"
        "      - {date: 2026-10-06, field: target, from: 80, to: 75, "
        f"reason: '{IMG}'}}\n",
    )
    objective += (
        "status: active\nadjustments:\n"
        "  - {date: 2026-10-05, field: status, from: dropped, to: active, reason: revived}\n"
    )
    repo = write_repo({"cycles/2026-q4/objectives/cx-leader.yaml": objective})
    page = site(repo, tmp_path / "site", "2026-10-08") / "objective-cx-leader.html"
    text = page.read_text(encoding="utf-8")
    doc = outline(page)
    assert not doc.all("script") and not doc.all("img")
    assert "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li>" in text
    assert "<td>80\u00a0points → 75\u00a0points</td><td>&quot;&gt;&lt;img src=x" in text
    assert (
        "<caption>Adjustments of this objective</caption>" in text
        and "<td>status</td><td>dropped → active</td><td>revived</td>" in text
    )


def _ys(svg: str) -> list[float]:
    return [float(y) for y in re.findall(r'<circle cx="[0-9.]+" cy="([0-9.]+)"', svg)]


def test_a_decreasing_key_result_that_improves_rises(tmp_path: Path) -> None:
    page = (
        site(EXAMPLE, tmp_path / "site", "2026-11-28")
        / "objective-customer-satisfaction-leader.html"
    )
    # Response time 24 h -> 4 h: its check-ins fall from 24 towards 4, an improvement.
    response = section(page, "response-time")
    ys = _ys(response)
    assert len(ys) == 8 and ys[-1] < ys[0]  # SVG y grows downwards: the line rises
    target = re.search(r'y1="([0-9.]+)"[^>]*stroke="#1a7f37"', response)
    baseline = re.search(r'y1="([0-9.]+)"[^>]*stroke="#57606a"', response)
    assert target and baseline and float(target.group(1)) < float(baseline.group(1))
    assert "Lower is better: the target is drawn at the top." in response
    # An increasing one is drawn as before: NPS 58 -> 75 rises too, target on top.
    nps = section(page, "nps")
    assert _ys(nps)[-1] < _ys(nps)[0]
    assert "Lower is better" not in nps


def test_sparklines_scale_from_baseline_to_target() -> None:
    # 24 -> 4 hours: 18 is 6/20 of the way (x 7 = 2.1 -> ▃), 10 is 0.7 (4.9 -> ▆), 4 done.
    assert sparkline([24, 18, 10, 4], 24, 4) == "▁▃▆█"
    # Beyond the baseline or past the target: pinned to the ends.
    assert sparkline([30, 2], 24, 4) == "▁█"
    # Without both ends: lowest to highest, upside down when lower is better.
    assert sparkline([3, 2, 1], None, 5) == "█▅▁"
    assert sparkline([3, 2, 1], lower_is_better=True) == "▁▅█"
    assert sparkline([False, True], False, True) == "▁█"  # milestones as before


def test_show_draws_the_decreasing_sparkline_rising(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        ["-C", str(EXAMPLE), "show", "customer-satisfaction-leader", "--as-of", "2026-11-28"],
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    line = next(x for x in lines if x.strip().startswith("response-time") and "(8)" in x)
    spark = line.split()[2]
    assert list(spark) == sorted(spark)  # never falls while it improves
