"""One concept, one place: the file layout is spelled out only in okrctl.model.layout, and
`settings.rules` is read only by the severity policy (ARCHITECTURE.md)."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "okrctl"
# A path built from the layout's folder names: `f"cycles/{c}/..."`, `"…/objectives/…"`.
LAYOUT = re.compile(r"cycles/\{|/objectives/|/kpis/|\}/cycle\.yaml")


def code_lines(path: Path) -> list[tuple[int, str]]:
    """Lines of code, without docstrings and comments (where the layout may be described)."""
    out, in_doc = [], False
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        quotes = stripped.count('"""')
        if in_doc or stripped.startswith('"""'):
            if quotes == 1:
                in_doc = not in_doc
            continue
        if not stripped.startswith("#"):
            out.append((n, line.split("  #")[0]))
    return out


def test_only_the_layout_module_builds_paths_from_folder_names() -> None:
    found = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "layout.py"
        for n, line in code_lines(path)
        if LAYOUT.search(line) and "help=" not in line and "OkrctlError" not in line
    ]
    assert found == []


def test_only_the_severity_policy_reads_settings_rules() -> None:
    readers = sorted(
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if any(
            ".rules.items()" in line or "settings.rules)" in line for _, line in code_lines(path)
        )
    )
    assert readers  # the policy's own callers, at least
    # Every reader hands settings.rules to SeverityPolicy, the one place that interprets it.
    for reader in readers:
        assert "SeverityPolicy(" in (SRC / reader).read_text(encoding="utf-8"), reader
