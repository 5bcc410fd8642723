"""`okrctl report --html` on a rerun draws only the pages whose inputs changed (the page
cache in okrctl's XDG cache), and the site it leaves is the one a run without the cache
makes in a new folder."""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import GOOD_OBJECTIVE, WriteRepo, write_files
from okrctl.api.report import MARKER
from okrctl.cli.app import app
from test_report_html import IMG, SCRIPT, outline

SECOND = GOOD_OBJECTIVE.replace("industry leader", "best")
CX = "cycles/2026-q4/objectives/cx-leader.yaml"
PAGES = ["alignment.html", "index.html", "objective-cx-leader.html", "objective-second.html",
         "scorecard.html"]  # fmt: skip


def report(
    repo: Path,
    out: Path,
    *extra: str,
    cache: bool = True,
    day: str = "2026-10-08",
    front: str = "",
    codes: tuple[int, ...] = (0,),
) -> str:
    """Run the command (`front`: a global option before it); its line saying what it wrote
    and drew."""
    # The variable given either way: the runner puts it back as it was after the run (the
    # command sets it for --no-cache).
    env = {"OKRCTL_NO_CACHE": None if cache else "1"}
    result = CliRunner(env=env).invoke(
        app,
        [*front.split(), "report", "--html", str(out), "--as-of", day, "-C", str(repo), *extra],
    )
    assert result.exit_code in codes, result.stderr
    return next(line for line in result.stderr.splitlines() if line.startswith("wrote "))


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def cache_files() -> list[Path]:
    return sorted(Path(os.environ["XDG_CACHE_HOME"]).glob("okrctl/*/pages"))


def page_cache_of(site: Path, before: list[Path]) -> Path:
    """The page cache file the first run into `site` made (the one new since `before`)."""
    made = [p for p in cache_files() if p not in before]
    assert len(made) == 1, made
    return made[0]


@pytest.fixture
def repo(write_repo: WriteRepo) -> Path:
    return write_repo({"cycles/2026-q4/objectives/second.yaml": SECOND})


def test_a_rerun_on_an_unchanged_repo_draws_nothing(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert report(repo, site).startswith("wrote 5 of 5 pages; open ")
    first = files(site)
    said = report(repo, site)
    assert said.startswith(
        "wrote 0 of 5 pages (5 unchanged, left as they were); "
        "5 known to the page cache, not drawn again; open "
    )
    assert files(site) == first
    assert sorted(first) == [MARKER, *PAGES]


def test_a_checkin_draws_its_objective_and_the_pages_showing_its_progress(
    repo: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    report(repo, site)
    before = files(site)
    added = GOOD_OBJECTIVE.replace(
        "      - {date: 2026-10-07, value: 60, confidence: 0.7}",
        "      - {date: 2026-10-07, value: 60, confidence: 0.7}\n"
        "      - {date: 2026-10-08, value: 70, confidence: 0.8}",
    )
    write_files(repo, {CX: added})
    # NPS (70-58)/(75-58) = 71%: cx-leader's progress 4% -> 24%, shown by its page, the
    # index and the alignment tree; the scorecard (no KPIs) and the other objective are not
    # drawn again.
    said = report(repo, site)
    assert said.startswith(
        "wrote 3 of 5 pages (2 unchanged, left as they were); "
        "2 known to the page cache, not drawn again; "
    )
    after = files(site)
    assert sorted(n for n in after if after[n] != before[n]) == [
        "alignment.html", "index.html", "objective-cx-leader.html"]  # fmt: skip
    assert "</span>24%</td>" in after["index.html"].decode()
    report(repo, tmp_path / "fresh", cache=False)
    assert files(tmp_path / "fresh") == after


def test_a_note_edited_draws_only_its_objectives_page(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    report(repo, site)
    noted = GOOD_OBJECTIVE.replace("confidence: 0.7}", "confidence: 0.7, note: Survey in}")
    write_files(repo, {CX: noted})
    # A check-in's note shows on its objective's page alone: no score changes.
    said = report(repo, site)
    assert said.startswith("wrote 1 of 5 pages (4 unchanged, left as they were); 4 known ")
    assert "<td>Survey in</td>" in (site / "objective-cx-leader.html").read_text("utf-8")
    report(repo, tmp_path / "fresh", cache=False)
    assert files(tmp_path / "fresh") == files(site)


def test_another_day_draws_every_page(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    report(repo, site)
    said = report(repo, site, day="2026-10-09")
    assert said.startswith("wrote 5 of 5 pages; open ")  # each says "as of 2026-10-09"
    assert "as of 2026-10-09" in (site / "scorecard.html").read_text(encoding="utf-8")


def test_pages_edited_removed_or_replaced_are_written_again(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    report(repo, site)
    want = files(site)
    (site / "objective-second.html").write_bytes(want["objective-second.html"] + b"<p>x</p>")
    (site / "index.html").unlink()
    # A link to a file holding the page's very bytes: still not a page of the site.
    (tmp_path / "elsewhere.html").write_bytes(want["scorecard.html"])
    (site / "scorecard.html").unlink()
    (site / "scorecard.html").symlink_to(tmp_path / "elsewhere.html")
    (site / "alignment.html").unlink()
    os.mkfifo(site / "alignment.html")  # never waited on
    said = report(repo, site)
    assert said.startswith(
        "wrote 4 of 5 pages (1 unchanged, left as they were); 1 known to the page cache, "
    )
    assert files(site) == want
    for name in PAGES:
        assert (site / name).is_file() and not (site / name).is_symlink(), name
    assert (tmp_path / "elsewhere.html").read_bytes() == want["scorecard.html"]
    # A link to a file of someone else's is replaced too, never written through.
    (tmp_path / "notes.txt").write_bytes(b"my notes\n")
    (site / "objective-cx-leader.html").unlink()
    (site / "objective-cx-leader.html").symlink_to(tmp_path / "notes.txt")
    assert report(repo, site).startswith("wrote 1 of 5 pages (4 unchanged, left as they were)")
    assert files(site) == want
    assert (tmp_path / "notes.txt").read_bytes() == b"my notes\n"


def test_a_cache_planted_in_the_output_folder_has_no_effect(repo: Path, tmp_path: Path) -> None:
    """A pull request can commit the output folder: its marker, a page of its own, and
    the page cache's file that vouches for that page. None of it is trusted."""
    site = tmp_path / "site"
    before = cache_files()
    report(repo, site)
    mine = page_cache_of(site, before)
    planted = b"<!DOCTYPE html>\n<p>planted</p><script>alert(1)</script>\n"
    (site / "index.html").write_bytes(planted)
    # The folder's own copy of a cache file naming the planted page's digest and size.
    from okrctl.api import report_cache

    cache = report_cache.PageCache(str(site), None)
    cache.path = site / "pages"
    cache.record("index.html", report_cache._read(mine)[2]["index.html"][0], planted)
    cache.save(["index.html"])
    os.makedirs(site / "okrctl", exist_ok=True)
    (site / "okrctl" / "pages").write_bytes((site / "pages").read_bytes())
    said = report(repo, site)
    assert said.startswith("wrote 1 of 5 pages (4 unchanged, left as they were); 4 known ")
    assert b"planted" not in (site / "index.html").read_bytes()
    assert (site / "index.html").read_bytes().startswith(b"<!DOCTYPE html>")


def test_a_corrupt_cache_is_ignored_and_written_again(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    before = cache_files()
    report(repo, site)
    mine = page_cache_of(site, before)
    good = mine.read_bytes()
    for bad in (b"", good[:-1], good[:-1] + bytes([good[-1] ^ 1]), b"okrctl-pages 1\n\0\0"):
        mine.write_bytes(bad)
        said = report(repo, site)  # every page drawn, none written (they are as they were)
        assert said.startswith("wrote 0 of 5 pages (5 unchanged, left as they were); open ")
        assert mine.read_bytes() == good  # rewritten by that run
    assert "5 known to the page cache" in report(repo, site)


def test_no_cache_draws_every_page_and_keeps_no_cache(repo: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    before = cache_files()
    said = report(repo, site, cache=False)
    assert said.startswith("wrote 5 of 5 pages; open ")
    assert cache_files() == before
    report(repo, site)
    assert report(repo, site, front="--no-cache").startswith(
        "wrote 0 of 5 pages (5 unchanged, left as they were); open "
    )


def test_a_hostile_title_is_escaped_after_a_cached_rerun(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    hostile = GOOD_OBJECTIVE.replace(
        "Become the industry leader in customer satisfaction", f"'{SCRIPT}{IMG}'"
    )
    repo = write_repo({CX: hostile, "cycles/2026-q4/objectives/second.yaml": SECOND})
    site = tmp_path / "site"
    report(repo, site)
    # The second objective changes (its title): pages showing the hostile one are kept or
    # drawn again, and stay escaped either way.
    write_files(repo, {"cycles/2026-q4/objectives/second.yaml": SECOND.replace("best", "top")})
    assert "known to the page cache" in report(repo, site)
    worse = hostile.replace(SCRIPT, "<script>alert(2)</script><b>")
    write_files(repo, {CX: worse})
    assert "known to the page cache" in report(repo, site)
    for page in sorted(site.glob("*.html")):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text and "<img" not in text and "<b>" not in text, page.name
        assert not outline(page).all("script")
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(2)&lt;/script&gt;&lt;b&gt;&quot;&gt;&lt;img" in index


def _objective(rng: random.Random, title: str, parent: str | None) -> str:
    checkins = sorted(
        (f"2026-10-0{rng.randint(1, 8)}", rng.choice([55, 60, 60.5, 70, 80]))
        for _ in range(rng.randint(0, 3))
    )
    rows = "".join(
        f"      - {{date: {day}, value: {value}, note: n{rng.randint(0, 2)}}}\n"
        for day, value in checkins
    )
    return (
        f"title: '{title}'\ntheme: {rng.choice(['cx', 'growth'])}\nowner: ana\n"
        + (f"parent: {parent}\n" if parent else "")
        + "key_results:\n  - id: nps\n    title: NPS\n    unit: points\n"
        "    baseline: 58\n    target: 75\n" + (f"    checkins:\n{rows}" if rows else "")
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_leave_the_site_a_fresh_run_makes(
    write_repo: WriteRepo, tmp_path: Path, seed: int
) -> None:
    """Differential: after each random edit a cached rerun leaves exactly the site that a
    run without the cache makes in a new folder (titles, parents, check-ins, themes' and
    people's names, objectives added and removed, the day)."""
    rng = random.Random(seed)
    repo = write_repo()
    names = ["a", "b", "c", "d"]
    site = tmp_path / "site"
    day = "2026-10-08"
    for step in range(10):
        kind = rng.choice(["objective", "objective", "remove", "config", "day"])
        name = rng.choice(names)
        path = f"cycles/2026-q4/objectives/{name}.yaml"
        if kind == "objective":
            parent = rng.choice([None, *[n for n in names if n != name]])
            title = rng.choice(["Alpha", "Beta", f"<b>{step}</b>", "Gamma & co"])
            write_files(repo, {path: _objective(rng, title, parent)})
        elif kind == "remove":
            write_files(repo, {path: None})
        elif kind == "config":
            config = (repo / "okrctl.yaml").read_text(encoding="utf-8")
            config = re.sub(r"name: Ana[^,}]*", f"name: Ana {rng.randint(0, 3)}", config)
            config = re.sub(r"name: Profitable[^}]*", f"name: Profitable {step}", config)
            write_files(repo, {"okrctl.yaml": config})
        else:
            day = rng.choice(["2026-10-08", "2026-10-09"])
        # A parent removed is a finding (exit 1): the site is written all the same.
        report(repo, site, "--no-history", day=day, codes=(0, 1))
        fresh = tmp_path / f"fresh-{step}"
        report(repo, fresh, "--no-history", cache=False, day=day, codes=(0, 1))
        assert files(site) == files(fresh), (step, kind)


def test_a_marker_edited_is_written_again(repo: Path, tmp_path: Path) -> None:
    """The marker says which files a rerun may replace: a site whose pages are all as the
    cache knows them still gets its marker back as it was."""
    site = tmp_path / "site"
    report(repo, site)
    want = files(site)
    (site / "mine.html").write_bytes(b"<p>mine</p>\n")
    (site / MARKER).write_bytes(want[MARKER] + b"mine.html\n")  # now a page to remove
    said = report(repo, site)
    assert said.startswith("wrote 0 of 5 pages (5 unchanged, left as they were); 5 known ")
    assert files(site) == want  # mine.html removed as a page of the last report


def test_a_kept_site_still_lists_the_repos_errors_and_exits_1(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    bad = GOOD_OBJECTIVE.replace("owner: ana", "owner: nobody")
    repo = write_repo({CX: bad})
    site = tmp_path / "site"
    for said in ("wrote 4 of 4 pages; open ", "wrote 0 of 4 pages (4 unchanged, left as they "
                 "were); 4 known to the page cache, not drawn again; open "):  # fmt: skip
        result = CliRunner(env={"OKRCTL_NO_CACHE": None}).invoke(
            app, ["report", "--html", str(site), "--as-of", "2026-10-08", "-C", str(repo)]
        )
        assert result.exit_code == 1
        assert "OKR204" in result.stderr
        assert said in result.stderr


def test_page_keys_tell_values_apart_and_equal_values_alike() -> None:
    """Pickled without memo: equal inputs give one key however their strings are shared;
    values that draw differently (1, 1.0, True; 0.0 and -0.0) give different keys."""
    import datetime as dt

    from okrctl.api.report_cache import PageKeys
    from okrctl.render.html import PageSource
    from okrctl.results.views import Point

    def key(*inputs: object) -> bytes | None:
        return PageKeys().key(PageSource("p.html", inputs, repr))

    day = dt.date(2026, 10, 1)
    note = "".join(["n", "ote"])  # equal to "note", another object
    shared = Point(day, 1, None, "note", ("x", "x"))
    assert key(shared, shared) == key(Point(day, 1, None, note, ("x", "x")), shared)
    values: tuple[int | float | bool, ...] = (1, 1.0, True, 0.0, -0.0)
    keys = {key(Point(day, value)) for value in values} | {key(Point(day, 1, None, "1"))}
    assert len(keys) == 6 and None not in keys
    assert key(Point(day, 1, 0.5)) != key(Point(day, 1, None, "0.5"))
    assert key({"a": 1, "b": 2}) != key({"b": 2, "a": 1})  # order shows: drawn again
    assert key(lambda: None) is None  # does not pickle: drawn, never cached


def test_a_site_of_a_git_revision_is_cached_page_by_page(repo: Path, tmp_path: Path) -> None:
    """A revision's files have no fingerprint (the whole site is not known at once): each
    page is checked against the cache instead; the site is the fresh run's."""
    from measure_support import make_git_repo

    make_git_repo(repo)
    site = tmp_path / "site"
    assert report(repo, site, "--rev", "HEAD").startswith("wrote 5 of 5 pages; open ")
    assert report(repo, site, "--rev", "HEAD").startswith(
        "wrote 0 of 5 pages (5 unchanged, left as they were); 5 known to the page cache"
    )
    report(repo, tmp_path / "fresh", "--rev", "HEAD", cache=False)
    assert files(tmp_path / "fresh") == files(site)


def test_checkin_rows_hold_every_field_of_a_point() -> None:
    """An objective page is keyed by its check-ins as rows: a field of `Point` missing from
    them would leave a page stale."""
    import dataclasses
    import datetime as dt

    from okrctl.render.html import checkin_rows, row_points
    from okrctl.results.views import Point

    assert [f.name for f in dataclasses.fields(Point)] == [
        "date", "value", "confidence", "note", "blockers"]  # fmt: skip
    points = (
        Point(dt.date(2026, 10, 1), 1),
        Point(dt.date(2026, 10, 2), 1.5, 0.5, "note", ("a", "b")),
        Point(dt.date(2026, 10, 3), True, None, None, ()),
    )
    assert row_points(checkin_rows(points)) == points
    assert [type(p.value) for p in row_points(checkin_rows(points))] == [int, float, bool]
