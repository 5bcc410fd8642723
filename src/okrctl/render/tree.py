"""`okrctl tree`: the alignment cascade as a tree with progress at every node."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from rich.tree import Tree

from okrctl.model.diagnostic import Diagnostic
from okrctl.render import jsonout
from okrctl.render.formats import OutputFormat
from okrctl.render.jsondata import json_data
from okrctl.render.style import bar_markup, console_on, fenced, percent, symbol_markup, text
from okrctl.results.scores import KeyResultScore, ObjectiveScore
from okrctl.results.views import AlignmentTree, TreeNode


def _label(o: ObjectiveScore, in_cycle: bool) -> str:
    ref = o.id if in_cycle else o.ref
    kids = f" [dim]↳{percent(o.children_progress)}[/]" if o.children else ""
    return (
        f"{symbol_markup(o.status)} {text(o.title)}\n"
        f"{bar_markup(o.progress, o.status, 5)}{kids}  "
        f"[dim]{text(ref)} · {text(o.level)} · {text(o.who)}[/]"
    )


def _kr_label(k: KeyResultScore) -> str:
    return (
        f"[dim]key result[/] {text(k.title)}  {bar_markup(k.progress, k.status, 5)} "
        f"[dim]↳{percent(k.children_progress)}  {text(k.id)}[/]"
    )


def _grow(branch: Tree, node: TreeNode) -> None:
    """The node's children; one aligned to a key result goes under a branch for that key
    result (its progress and its aligned children's beside it)."""
    krs = {k.id: k for k in node.objective.key_results}
    under: dict[str, Tree] = {}
    for child in node.children:
        parent = branch
        if child.via is not None and child.via in krs:
            if child.via not in under:
                under[child.via] = branch.add(_kr_label(krs[child.via]))
            parent = under[child.via]
        _grow(parent.add(_label(child.objective, child.in_cycle)), child)


def _forest(title: str, nodes: Sequence[TreeNode]) -> Tree:
    root = Tree(f"[bold]{title}[/]", guide_style="dim")
    for node in nodes:
        _grow(root.add(_label(node.objective, node.in_cycle)), node)
    return root


def render_tree(
    t: AlignmentTree,
    fmt: OutputFormat,
    out: TextIO,
    *,
    errors: Sequence[Diagnostic] = (),
    root: Path = Path("."),
) -> None:
    """Write the cascade; objectives without a parent below company level come apart."""
    if fmt is OutputFormat.JSON:
        jsonout.dump(json_data(t), errors, root, out)
        return
    if fmt is OutputFormat.MARKDOWN:
        buffer = io.StringIO()
        render_tree(t, OutputFormat.TEXT, buffer)
        out.write(fenced(buffer.getvalue()))
        return
    with console_on(out) as console:
        console.print(f"[bold]Alignment · {text(t.name)}[/] ({text(t.cycle)})")
        console.print(
            f"[dim]as of {t.as_of}: {percent(t.expected)} expected; "
            "↳ is the mean progress of the objectives aligned to one[/]"
        )
        console.print()
        if t.roots:
            console.print(_forest("Company", t.roots))
        else:
            console.print("No company objectives.")
        if t.unaligned:
            console.print()
            console.print(_forest("Unaligned (no parent objective)", t.unaligned))
        if t.looped:
            console.print()
            loop = Tree("[bold]In an alignment loop[/]", guide_style="dim")
            for o in t.looped:
                loop.add(_label(o, True))
            console.print(loop)
