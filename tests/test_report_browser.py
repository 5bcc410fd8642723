"""The HTML control center in a real headless Chromium (Debian's `chromium`, via Playwright).

Pages are opened from file:// exactly as a user would open them. The browser is never
downloaded: the tests skip when /usr/bin/chromium or Playwright is missing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import GOOD_OBJECTIVE, WriteRepo
from okrctl.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "strategy-repo"
CHROMIUM = os.environ.get("OKRCTL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install -e '.[dev]')"
)
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).is_file(),
    reason=f"no Chromium at {CHROMIUM} (apt-get install -y chromium)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page that records console errors, uncaught errors, dialogs and network requests."""
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    pg.problems = []
    pg.requests = []
    pg.on("console", lambda m: m.type in ("error", "warning") and pg.problems.append(m.text))
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    context.close()


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    args = ["report", "--html", str(site), "-C", str(EXAMPLE), "--as-of", "2026-11-28"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return site


def test_every_page_loads_without_console_errors(page: Any, example_site: Path) -> None:
    pages = sorted(example_site.glob("*.html"))
    assert len(pages) == 3 + 9  # index, scorecard, alignment + one per objective
    for path in pages:
        page.goto(path.as_uri())
        assert page.locator("h1").count() == 1, path.name
    assert page.problems == []
    # Only the pages themselves were loaded: no CDN, font or image from anywhere.
    assert all(url.startswith("file://") for url in page.requests)


def test_theme_section_shows_its_objectives_and_status(page: Any, example_site: Path) -> None:
    page.goto((example_site / "index.html").as_uri())
    section = page.locator(
        "section", has=page.get_by_role("heading", name="Operational Excellence")
    )
    rows = section.locator("tbody tr")
    assert rows.count() == 2
    texts = [rows.nth(i).inner_text() for i in range(2)]
    # Hand-checked against the example's check-ins on 2026-11-28 (expected 64%).
    assert texts[0].startswith("Make reliability and security a reason enterprises buy from us")
    assert "69%" in texts[0] and "on track" in texts[0] and "1 overdue" in texts[0]
    assert texts[1].startswith("Ship every day without customers noticing")
    assert "82%" in texts[1] and "on track" in texts[1]
    help_centre = page.locator(
        "section", has=page.get_by_role("heading", name="Customer Experience Transformation")
    )
    assert "off track" in help_centre.get_by_role("row", name="Resolve most tickets").inner_text()


def test_links_between_pages_work(page: Any, example_site: Path) -> None:
    page.goto((example_site / "index.html").as_uri())
    page.get_by_role("link", name="Ship every day without customers noticing").click()
    assert page.url.endswith("/objective-zero-downtime-deploys.html")
    assert page.locator("h1").inner_text() == "Ship every day without customers noticing"
    assert page.locator("svg[role=img]").count() == 4  # one trend chart per key result
    page.get_by_role("link", name="Make reliability and security a reason").click()
    assert page.url.endswith("/objective-platform-trust.html")
    page.get_by_role("navigation").get_by_role("link", name="Alignment").click()
    assert page.url.endswith("/alignment.html")
    page.get_by_role("navigation").get_by_role("link", name="Scorecard").click()
    assert page.get_by_role("heading", name="Learning and growth").is_visible()
    page.get_by_role("navigation").get_by_role("link", name="Control center").click()
    assert page.url.endswith("/index.html")
    assert page.problems == []


def test_screenshots_are_written(page: Any, example_site: Path, tmp_path: Path) -> None:
    shots = {}
    for name in ("index", "objective-service-excellence"):
        page.goto((example_site / f"{name}.html").as_uri())
        shots[name] = tmp_path / f"{name}.png"
        page.screenshot(path=str(shots[name]), full_page=True)
    for path in shots.values():
        data = path.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width == 1100 and height > 900  # the whole page, longer than one screen
    print(f"screenshots: {', '.join(str(p) for p in shots.values())}")


def test_hostile_yaml_runs_nothing(page: Any, write_repo: WriteRepo, tmp_path: Path) -> None:
    hostile = GOOD_OBJECTIVE.replace(
        "title: Become the industry leader in customer satisfaction",
        "title: '<script>alert(1)</script>\"><img src=x onerror=alert(2)>'",
    ).replace("title: NPS", "title: '<svg onload=alert(3)>'")
    repo = write_repo({"cycles/2026-q4/objectives/cx-leader.yaml": hostile})
    site = tmp_path / "site"
    result = CliRunner().invoke(app, ["report", "--html", str(site), "-C", str(repo)])
    assert result.exit_code == 0, result.stderr
    for name in ("index.html", "objective-cx-leader.html"):
        page.goto((site / name).as_uri())
        assert page.evaluate("document.querySelectorAll('script, img').length") == 0
        assert "<script>alert(1)</script>" in page.locator("main").inner_text()
    assert page.evaluate("document.querySelectorAll('svg[onload]').length") == 0
    assert page.problems == []
