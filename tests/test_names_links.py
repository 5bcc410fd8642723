"""People and themes by name where a person reads (terminal, Markdown, HTML); ids in JSON
and refs. Real repos in temp dirs, the real command."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import BASE_CONFIG, WriteRepo
from okrctl.cli.app import app
from okrctl.render.escape import html_link, markdown_link

ENV: dict[str, str | None] = {"COLUMNS": "120", "FORCE_COLOR": None, "NO_COLOR": None}
AS_OF = "2026-10-08"
OBJ = """\
title: Become the industry leader in customer satisfaction
theme: CX
owner: ANA
contributors: [bo, CY]
key_results:
  - id: nps
    title: NPS
    owner: bo
    unit: points
    baseline: 58
    target: 75
    checkins:
      - {date: 2026-10-07, value: 60, confidence: 0.7}
    initiatives:
      - {id: survey, title: Survey, owner: cy, due: 2026-12-01}
"""


def run(root: Path, *args: str) -> Any:
    return CliRunner().invoke(app, ["-C", str(root), *args], env=ENV)


def repo(write_repo: WriteRepo, config: str = BASE_CONFIG) -> Path:
    return write_repo({"okrctl.yaml": config, "cycles/2026-q4/objectives/cx-leader.yaml": OBJ})


def test_terminal_views_print_names_matched_case_insensitively(write_repo: WriteRepo) -> None:
    root = repo(write_repo)
    status = run(root, "status", "--as-of", AS_OF)
    assert status.exit_code == 0, status.stderr
    assert "Ana Lima" in status.stdout and "Customer Experience Transformation" in status.stdout
    show = run(root, "show", "cx-leader", "--as-of", AS_OF)
    assert show.exit_code == 0, show.stderr
    # `owner: ANA` is person `ana`, `CY` is `cy`.
    assert "Owner          Ana Lima\n" in show.stdout
    assert "Contributors   Bo Chen, Cy Diaz\n" in show.stdout
    assert "Theme          Customer Experience Transformation\n" in show.stdout
    kr = run(root, "show", "cx-leader/nps", "--as-of", AS_OF)
    assert "Bo Chen" in kr.stdout and "Cy Diaz" in kr.stdout  # the KR's and initiative's owner
    tree = run(root, "tree", "--as-of", AS_OF)
    assert tree.exit_code == 0, tree.stderr
    assert "company · Ana Lima" in tree.stdout


def test_markdown_reviews_print_names(write_repo: WriteRepo) -> None:
    root = repo(write_repo)
    md = run(root, "status", "--as-of", AS_OF, "--format", "markdown")
    assert "| Ana Lima |" in md.stdout
    weekly = run(root, "review", "weekly", "--as-of", AS_OF)
    assert weekly.exit_code == 0, weekly.stderr
    assert "| NPS (`cx-leader/nps`) | Bo Chen | 2026-10-07 |" in weekly.stdout
    qbr = run(root, "review", "quarterly", "--as-of", AS_OF)
    assert "| Ana Lima |" in qbr.stdout and "| Bo Chen |" in qbr.stdout


def test_json_keeps_ids(write_repo: WriteRepo) -> None:
    root = repo(write_repo)
    data = json.loads(run(root, "status", "--as-of", AS_OF, "--format", "json").stdout)
    text = json.dumps(data)
    assert "Ana Lima" not in text and "Bo Chen" not in text
    weekly = run(root, "review", "weekly", "--as-of", AS_OF, "--format", "json")
    assert weekly.exit_code == 0, weekly.stderr
    assert "Bo Chen" not in weekly.stdout and '"owner": "bo"' in weekly.stdout


def test_names_from_yaml_are_escaped_like_any_text(write_repo: WriteRepo, tmp_path: Path) -> None:
    config = BASE_CONFIG.replace("name: Ana Lima", 'name: "Ana <b>*Lima*</b> [x](javascript:1)"')
    root = repo(write_repo, config)
    md = run(root, "status", "--as-of", AS_OF, "--format", "markdown").stdout
    assert "Ana" in md and "<b>" not in md and "*Lima*" not in md and "](javascript" not in md
    term = run(root, "show", "cx-leader", "--as-of", AS_OF).stdout
    assert "Ana <b>*Lima*</b> [x](javascript:1)" in term  # plain text, as written
    site = tmp_path / "site"
    report = run(root, "report", "--html", str(site), "--as-of", AS_OF)
    assert report.exit_code == 0, report.stderr
    pages = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "Ana &lt;b&gt;*Lima*&lt;/b&gt;" in pages and "<b>*Lima*" not in pages


# -- links --------------------------------------------------------------------------------

CMARK = shutil.which("cmark-gfm")
LINKED = """\
title: Delight customers
theme: cx
owner: ana
links:
  - {title: "Epic [x](javascript:alert(1)) *bold* @team", url: "https://gitlab.example/epics/12"}
  - {title: Odd URL, url: "https://evil.example/a)[b](javascript:x"}
key_results:
  - id: nps
    title: NPS
    unit: points
    baseline: 58
    target: 75
    links:
      - {title: Dashboard, url: "https://dash.example/q?a=1&b=(2)<3>"}
"""


def links_repo(write_repo: WriteRepo) -> Path:
    return write_repo({"cycles/2026-q4/objectives/cx-leader.yaml": LINKED})


def cmark(md: str) -> str:
    assert CMARK is not None
    return subprocess.run(
        [CMARK, "--extension", "autolink", "--extension", "table"],
        input=md,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_show_lists_links_as_plain_title_and_url(write_repo: WriteRepo) -> None:
    root = links_repo(write_repo)
    obj = run(root, "show", "cx-leader", "--as-of", AS_OF)
    assert obj.exit_code == 0, obj.stdout + obj.stderr
    assert (
        "Links\n  Epic [x](javascript:alert(1)) *bold* @team <https://gitlab.example/epics/12>\n"
        "  Odd URL <https://evil.example/a)[b](javascript:x>\n" in obj.stdout
    )
    kr = run(root, "show", "cx-leader/nps", "--as-of", AS_OF)
    assert "  Dashboard <https://dash.example/q?a=1&b=(2)<3>>\n" in kr.stdout


@pytest.mark.skipif(CMARK is None, reason="cmark-gfm is not installed")
def test_markdown_links_only_the_http_urls_they_name(write_repo: WriteRepo) -> None:
    root = links_repo(write_repo)
    qbr = run(root, "review", "quarterly", "--as-of", AS_OF)
    assert qbr.exit_code == 0, qbr.stderr
    html = cmark(qbr.stdout)
    hrefs = re.findall(r'<a href="([^"]*)"', html)
    # Each link is the URL it names, with the characters Markdown reads encoded (the odd
    # one's `)[b](` cannot end it early); the link written inside a title stays text.
    assert hrefs == [
        "https://gitlab.example/epics/12",
        "https://evil.example/a%29%5Bb%5D%28javascript:x",
        "https://dash.example/q?a=1&amp;b=%282%29%3C3%3E",
    ]
    assert not any(h.startswith("javascript") for h in hrefs)
    assert "<strong>bold" not in html and "<em>" not in html
    assert "Epic [x](javascript:alert(1)) *bold* @" in re.sub("[\u200d\u2060]", "", html)


def test_markdown_link_and_html_link_check_the_scheme() -> None:
    assert markdown_link("a", "https://x.example/p") == "[a](https://x.example/p)"
    assert markdown_link("a]b", "http://x.example/ b").startswith("a\\]b (")
    assert "](" not in markdown_link("a", "javascript:alert(1)")
    assert "](" not in markdown_link("a", "https:no-host")
    assert html_link("<t>", 'https://x.example/"onclick="x') == (
        '<a href="https://x.example/%22onclick=%22x" rel="noopener noreferrer">&lt;t&gt;</a>'
    )
    assert "<a" not in html_link("t", "javascript:alert(1)")
    assert "<a" not in html_link("t", "file:///etc/passwd")


def test_html_report_links_with_noopener(write_repo: WriteRepo, tmp_path: Path) -> None:
    root = links_repo(write_repo)
    site = tmp_path / "site"
    assert run(root, "report", "--html", str(site), "--as-of", AS_OF).exit_code == 0
    page = (site / "objective-cx-leader.html").read_text(encoding="utf-8")
    assert (
        '<a href="https://gitlab.example/epics/12" rel="noopener noreferrer">Epic '
        "[x](javascript:alert(1)) *bold* @team</a>" in page
    )
    assert '<a href="https://dash.example/q?a=1&amp;b=%282%29%3C3%3E" rel="noopener' in page
    assert '<a href="https://evil.example/a%29%5Bb%5D%28javascript:x" rel="noopener' in page


@pytest.mark.skipif(CMARK is None, reason="cmark-gfm is not installed")
def test_the_mbr_links_its_objectives_work(write_repo: WriteRepo) -> None:
    root = links_repo(write_repo)
    mbr = run(root, "review", "monthly", "--as-of", AS_OF)
    assert mbr.exit_code == 0, mbr.stderr
    assert "- `cx-leader`: [Epic \\[x\\]\\(javascript:" in mbr.stdout
    hrefs = re.findall(r'<a href="([^"]*)"', cmark(mbr.stdout))
    assert hrefs == [
        "https://gitlab.example/epics/12",
        "https://evil.example/a%29%5Bb%5D%28javascript:x",
    ]
    text = run(root, "review", "monthly", "--as-of", AS_OF, "--format", "text")
    assert "- cx-leader: Odd URL <https://evil.example/a)[b](javascript:x>\n" in text.stdout


def test_initiative_links_in_show_and_the_html_report(
    write_repo: WriteRepo, tmp_path: Path
) -> None:
    with_initiative = LINKED + (
        "    initiatives:\n"
        "      - {id: survey, title: Survey, owner: cy, due: 2026-12-01,"
        ' links: [{title: Issue 7, url: "https://gitlab.example/issues/7"}]}\n'
    )
    root = write_repo({"cycles/2026-q4/objectives/cx-leader.yaml": with_initiative})
    kr = run(root, "show", "cx-leader/nps", "--as-of", AS_OF)
    assert kr.exit_code == 0, kr.stdout + kr.stderr
    assert "Issue 7 <https://gitlab.example/issues/7>" in kr.stdout
    site = tmp_path / "site"
    assert run(root, "report", "--html", str(site), "--as-of", AS_OF).exit_code == 0
    page = (site / "objective-cx-leader.html").read_text(encoding="utf-8")
    assert (
        '<li><a href="https://gitlab.example/issues/7" rel="noopener noreferrer">Issue 7</a></li>'
        in page
    )
