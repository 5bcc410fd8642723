"""People and themes by name where a person reads (terminal, Markdown, HTML); ids in JSON
and refs. Real repos in temp dirs, the real command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from conftest import BASE_CONFIG, WriteRepo
from okrctl.cli.app import app

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
