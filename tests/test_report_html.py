"""`okrctl report --html`: the static control center, its escaping and its folder rules."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import GOOD_OBJECTIVE, WriteRepo, write_files
from okrctl.api.report import write_site
from okrctl.cli.app import app
from okrctl.render.html.layout import CSS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "strategy-repo"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'


def report(repo: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, ["report", "--html", str(out), "--as-of", "2026-10-08", "-C", str(repo), *extra]
    )
    return result.exit_code, result.stderr


class Outline(HTMLParser):
    """The parts of a page the tests look at: tags, attributes, links, text per heading."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


def outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_index_groups_objectives_by_theme_with_status(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    repo = write_repo()
    code, err = report(repo, tmp_path / "site")
    assert code == 0, err
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    cx = html[html.index('data-theme="cx"') : html.index('data-theme="growth"')]
    # KR progress: nps (60-58)/(75-58) = 0.1176, the other two 0 -> objective 0.0392 (4%).
    # Expected on 2026-10-08: 7/91 = 0.0769; yellow from 0.4 x 0.0769 = 0.0308, green from
    # 0.7 x 0.0769 = 0.0538: at risk.
    assert "Become the industry leader in customer satisfaction" in cx
    assert 'href="objective-cx-leader.html"' in cx
    assert "</span>4%</td>" in cx  # the objective's progress bar, with its number
    assert "at risk</span> progress 4%</p>" in cx  # the theme: its one objective
    assert '<span class="badge s-yellow"><span aria-hidden="true">!</span> at risk</span>' in cx
    growth = html[html.index('data-theme="growth"') :]
    assert "No objective serves this theme in this cycle." in growth.split("</section>")[0]
    assert "Expected progress by 2026-10-08: 8%." in html


def test_every_page_exists_and_links_resolve(write_repo: WriteRepo, tmp_path: Path) -> None:
    code, _ = report(write_repo(), tmp_path / "site")
    assert code == 0
    site = tmp_path / "site"
    pages = sorted(p.name for p in site.glob("*.html"))
    assert pages == [
        "alignment.html",
        "index.html",
        "objective-cx-leader.html",
        "scorecard.html",
    ]
    for page in pages:
        doc = outline(site / page)
        for a in doc.all("a"):
            href = a["href"] or ""
            if href.startswith("#"):
                continue
            assert (site / href).is_file(), f"{page} links to missing {href}"


def test_pages_are_accessible(tmp_path: Path) -> None:
    code, _ = report(EXAMPLE, tmp_path / "site", "--as-of", "2026-11-28")
    assert code == 0
    for page in (tmp_path / "site").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert text.startswith('<!DOCTYPE html>\n<html lang="en">')
        doc = outline(page)
        assert len(doc.all("h1")) == 1, page.name
        assert all(th.get("scope") in ("col", "row") for th in doc.all("th")), page.name
        for svg in doc.all("svg"):
            assert svg["role"] == "img"
            ids = (svg["aria-labelledby"] or "").split()
            assert len(ids) == 2 and all(f'id="{i}"' in text for i in ids)
        # Nothing to load from anywhere: no script, no external file.
        assert not doc.all("script") and not doc.all("link") and not doc.all("img")
        assert not re.search(r"(src|href)=\"(https?:)?//", text)


def test_objective_page_has_a_chart_per_key_result(tmp_path: Path) -> None:
    code, _ = report(EXAMPLE, tmp_path / "site", "--as-of", "2026-11-28")
    assert code == 0
    page = tmp_path / "site" / "objective-service-excellence.html"
    doc = outline(page)
    assert len(doc.all("svg")) == 3
    assert len(doc.all("circle")) == 8 * 3  # eight weekly check-ins each
    text = page.read_text(encoding="utf-8")
    assert "8 check-ins; the latest, on 2026-11-23, is 88%." in text
    assert "From a baseline of 40% towards a target of 100%." in text


def _rgb(hex_colour: str) -> tuple[float, ...]:
    return tuple(int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("status", ["green", "yellow", "red", "not-started"])
def test_status_badges_have_aa_contrast(status: str) -> None:
    rule = re.search(r"\.s-" + status + r"[^{]*\{([^}]*)\}", CSS)
    assert rule
    colours = dict(re.findall(r"(?<![\w-])(background|color):(#[0-9a-f]{6})", rule.group(1)))
    low, high = sorted((_luminance(colours["background"]), _luminance(colours["color"])))
    assert (high + 0.05) / (low + 0.05) >= 4.5  # WCAG AA for normal text


def test_yaml_text_is_escaped_everywhere(write_repo: WriteRepo, tmp_path: Path) -> None:
    hostile = (
        GOOD_OBJECTIVE.replace(
            "title: Become the industry leader in customer satisfaction",
            f"title: '{SCRIPT}{IMG}'",
        )
        .replace("title: NPS", f"title: '{IMG}'")
        .replace("confidence: 0.7}", f"confidence: 0.7, note: '{SCRIPT}'}}")
    )
    config = (
        "organization: '<b>Acme</b>'\nthemes:\n"
        f"  - {{id: cx, name: '{SCRIPT}'}}\n  - {{id: growth, name: Growth}}\n"
        "people:\n  - {id: ana, name: Ana}\n"
    )
    repo = write_repo({"okrctl.yaml": config, "cycles/2026-q4/objectives/cx-leader.yaml": hostile})
    code, err = report(repo, tmp_path / "site")
    assert code == 0, err
    for page in (tmp_path / "site").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text and "<img" not in text and "<b>" not in text, page.name
        doc = outline(page)
        assert not doc.all("script") and not doc.all("img") and not doc.all("b")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in index
    )
    objective = (tmp_path / "site" / "objective-cx-leader.html").read_text(encoding="utf-8")
    assert "Check-ins of &quot;&gt;&lt;img" in objective


def test_an_earlier_report_is_replaced_and_stale_pages_removed(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    other = GOOD_OBJECTIVE.replace("industry leader", "best")
    repo = write_repo({"cycles/2026-q4/objectives/second.yaml": other})
    site = tmp_path / "site"
    assert report(repo, site)[0] == 0
    assert (site / "objective-second.html").is_file()
    (repo / "cycles/2026-q4/objectives/second.yaml").unlink()
    assert report(repo, site)[0] == 0
    assert not (site / "objective-second.html").exists()
    assert (site / "objective-cx-leader.html").is_file()


def test_a_rerun_rewrites_the_changed_pages_and_leaves_the_others_untouched(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    other = GOOD_OBJECTIVE.replace("industry leader", "best")
    repo = write_repo({"cycles/2026-q4/objectives/second.yaml": other})
    site = tmp_path / "site"
    code, said = report(repo, site)
    made = len([p for p in site.iterdir() if p.name.endswith(".html")])
    assert code == 0
    assert f"wrote {made} of {made} pages; open " in said  # a new folder: every page written
    old = 1_000_000_000  # a day in 2001: whatever touches a file moves it off this
    for file in site.iterdir():
        os.utime(file, (old, old))
    kept = (site / "objective-cx-leader.html").read_bytes()
    first = (site / "objective-second.html").stat().st_ino
    # Same size, other bytes: a page is compared by content, not by its size alone.
    (site / "scorecard.html").write_bytes(b"x" * (site / "scorecard.html").stat().st_size)
    os.utime(site / "scorecard.html", (old, old))
    renamed = other.replace("Become the best", "Become the very best")
    write_files(repo, {"cycles/2026-q4/objectives/second.yaml": renamed})

    code, said = report(repo, site)
    assert code == 0
    pages = [p for p in site.iterdir() if p.name.endswith(".html")]
    moved = [p for p in pages if p.stat().st_mtime != old]
    assert 4 <= len(moved) < len(pages)  # the changed objective, index, alignment, scorecard
    unchanged = len(pages) - len(moved)
    assert f"wrote {len(moved)} of {len(pages)} pages ({unchanged} unchanged, left" in said
    changed = site / "objective-second.html"
    assert "Become the very best in customer satisfaction" in changed.read_text(encoding="utf-8")
    assert changed.stat().st_mtime != old
    assert changed.stat().st_ino != first  # a new file renamed into place: never half written
    for name in ("index.html", "alignment.html"):  # they list every objective's title
        assert "Become the very best" in (site / name).read_text(encoding="utf-8")
        assert (site / name).stat().st_mtime != old, name
    assert (site / "scorecard.html").read_bytes().startswith(b"<!DOCTYPE html>")
    assert (site / "objective-cx-leader.html").read_bytes() == kept
    for name in ("objective-cx-leader.html", ".okrctl-report"):
        assert (site / name).stat().st_mtime == old, name
    assert not [p.name for p in site.iterdir() if p.name.endswith(".tmp")]
    code, said = report(repo, site)
    assert code == 0
    assert f"wrote 0 of {len(pages)} pages ({len(pages)} unchanged, left as they were)" in said


def test_a_site_cut_short_is_still_known_as_the_reports_own(tmp_path: Path) -> None:
    site = tmp_path / "site"
    names = ["index.html", "objective-a.html", "objective-b.html"]

    def pages_until_a_failure() -> Iterator[tuple[str, str]]:
        yield "index.html", "<p>index</p>\n"
        yield "objective-a.html", "<p>a</p>\n"
        raise RuntimeError("rendering stopped")

    with pytest.raises(RuntimeError):
        write_site(site, pages_until_a_failure(), names)
    assert sorted(p.name for p in site.iterdir()) == [".okrctl-report", *names[:2]]
    assert (site / ".okrctl-report").read_text(encoding="utf-8").split() == names
    # The next run replaces that folder (it is a report's) and removes what is gone.
    write_site(site, {"index.html": "<p>new index</p>\n"})
    assert sorted(p.name for p in site.iterdir()) == [".okrctl-report", "index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "<p>new index</p>\n"
    assert (site / ".okrctl-report").read_text(encoding="utf-8") == "index.html\n"


def test_a_folder_with_other_files_is_refused(write_repo: WriteRepo, tmp_path: Path) -> None:
    site = tmp_path / "mine"
    site.mkdir()
    (site / "index.html").write_text("my own page\n", encoding="utf-8")
    code, err = report(write_repo(), site)
    assert code == 2
    assert "not empty" in err
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "my own page\n"


def test_errors_in_the_repo_still_write_the_site_and_exit_1(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    bad = GOOD_OBJECTIVE.replace("owner: ana", "owner: nobody")
    code, err = report(
        write_repo({"cycles/2026-q4/objectives/cx-leader.yaml": bad}), tmp_path / "s"
    )
    assert code == 1
    assert "OKR204" in err
    assert (tmp_path / "s" / "index.html").is_file()


def test_unknown_cycle_is_a_usage_error(write_repo: WriteRepo, tmp_path: Path) -> None:
    code, err = report(write_repo(), tmp_path / "s", "--cycle", "2026-q5")
    assert code == 2
    assert "no cycle '2026-q5'" in err
    assert not (tmp_path / "s").exists()


def test_the_pages_listed_before_writing_are_the_pages_made(write_repo: WriteRepo) -> None:
    """The marker lists `page_names` before the first page is written: a page made but not
    listed would be a stranger to a run after one cut short."""
    import datetime as dt

    from okrctl.api.report import report_data
    from okrctl.render.html import page_names, site_pages

    other = GOOD_OBJECTIVE.replace("industry leader", "best")
    repo = write_repo({"cycles/2026-q4/objectives/second.yaml": other})
    data = report_data(repo, dt.date(2026, 10, 8))
    made = [name for name, _ in site_pages("Acme", data.score, data.tree, data.series)]
    assert made == page_names(data.score)
    assert made[:3] == ["index.html", "scorecard.html", "alignment.html"]
    assert sorted(made[3:]) == ["objective-cx-leader.html", "objective-second.html"]
