"""The rule catalogue as text or Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from okrctl.render.escape import markdown
from okrctl.results.catalog import RuleInfo


def render_catalog(rules: Sequence[RuleInfo], fmt: str, out: TextIO) -> None:
    if fmt == "markdown":
        out.write("| code | name | default | summary |\n|---|---|---|---|\n")
        for r in rules:
            out.write(
                f"| `{r.code}` | {r.name} | {r.severity} | {markdown(r.summary, trusted=True)} |\n"
            )
        return
    width = max(len(r.name) for r in rules)
    for r in rules:
        out.write(f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {r.summary}\n")
