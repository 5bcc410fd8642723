"""The QBR and the retrospective template `okrctl cycle close` writes."""

from __future__ import annotations

from okrctl.render import document as doc
from okrctl.render.document import Block, Fmt, Heading, Items, MarkdownFmt, Para, table
from okrctl.render.escape import markdown_link
from okrctl.render.style import percent
from okrctl.results.reviews import (
    Ambition,
    QuarterlyReview,
    ReviewHead,
    ScoredKeyResult,
    ScoredObjective,
)

BAND_RANGES = {
    "0.0-0.39": "0.0–0.39 (below 0.4)",
    "0.4-0.69": "0.4–0.69 (0.4 to below 0.7)",
    "0.7-1.0": "0.7–1.0 (0.7 and above)",
}
AMBITION = {
    Ambition.TOO_LOW: "above 0.9: goals may have been set too low (sandbagging)",
    Ambition.HEALTHY: "between 0.4 and 0.9: ambitious and achievable",
    Ambition.TOO_HIGH: "below 0.4: goals may be too high or under-resourced",
    Ambition.NONE: "no key results to judge",
}


def head_line(h: ReviewHead, f: Fmt) -> str:
    return (
        f"Cycle {f.code(h.cycle)} ({h.start} to {h.end}) · as of {h.as_of} · "
        f"expected progress {percent(h.expected)}"
    )


def score(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _summary(r: QuarterlyReview) -> tuple[str, ...]:
    total = sum(b.count for b in r.distribution)
    bands = ", ".join(f"{b.count} in {b.band.replace('-', '–')}" for b in r.distribution)
    return (
        f"Average key result score: {score(r.average)} over {total} key results ({bands})",
        f"Ambition check: {r.ambition.value}, average {AMBITION[r.ambition]}",
    )


def _scores(r: QuarterlyReview, f: Fmt) -> list[Block]:
    out: list[Block] = []
    for t in r.themes:
        out.append(Heading(3, f"{f.t(t.name)}: {score(t.score)}"))
        if not t.objectives:
            out.append(Para("No objectives."))
            continue
        rows = []
        for o in t.objectives:
            rows.append(
                (
                    f.strong(f"{f.t(o.title)} ({f.code(o.ref)})"),
                    f.t(o.owner_name or o.owner),
                    score(o.score),
                    o.band.replace("-", "–"),
                )
            )
            for k in o.key_results:
                rows.append(
                    (
                        f"↳ {f.t(k.title)} ({f.code(k.ref)})",
                        f.t(k.owner_name or k.owner),
                        score(k.score) + (" graded" if k.score_note is not None else ""),
                        k.band.replace("-", "–"),
                    )
                )
        out.append(table(("Objective / key result", "Owner", "Score", "Band"), rows, (2,)))
        out += _grades(t.objectives, f)
        out += _links(t.objectives, f)
    return out


def _links(objectives: tuple[ScoredObjective, ...], f: Fmt) -> list[Block]:
    """Where the work lives: `[title](url)` in Markdown (http(s) only), `title <url>` in
    text."""
    items = []
    for o in objectives:
        for ref, links in ((o.ref, o.links), *((k.ref, k.links) for k in o.key_results)):
            for link in links:
                shown = (
                    markdown_link(link.title, link.url)
                    if f.markdown
                    else f"{f.t(link.title)} <{f.t(link.url)}>"
                )
                items.append(f"{f.code(ref)}: {shown}")
    return [Para("Links:"), Items(tuple(items))] if items else []


def graded_text(k: ScoredKeyResult, f: Fmt) -> str:
    """`cx-leader/churn graded 0.60 (computed 0.00): reason`: the grade beside the data."""
    return (
        f"{f.code(k.ref)} graded {score(k.score)} (computed {score(k.computed)}): "
        f"{f.t(k.score_note)}"
    )


def _grades(objectives: tuple[ScoredObjective, ...], f: Fmt) -> list[Block]:
    graded = [k for o in objectives for k in o.key_results if k.score_note is not None]
    if not graded:
        return []
    return [Para("Graded by hand at the close:"), Items(tuple(graded_text(k, f) for k in graded))]


def _rollup(r: QuarterlyReview, f: Fmt) -> list[Block]:
    aligned = [o for o in r.objectives() if o.rollup is not None]
    if not r.children and not aligned:
        return []
    out: list[Block] = [Heading(2, "Roll-up of aligned cycles and objectives")]
    if r.children:
        rows = [
            (f"{f.t(c.name)} ({f.code(c.id)})", f"{c.start} to {c.end}", percent(c.progress))
            for c in r.children
        ]
        out.append(table(("Cycle", "Dates", "Progress"), rows, (2,)))
    if aligned:
        rows = [
            (f"{f.t(o.title)} ({f.code(o.ref)})", score(o.score), percent(o.rollup))
            for o in aligned
        ]
        out.append(table(("Objective", "Own score", "Aligned objectives"), rows, (1, 2)))
        out.append(
            Para(
                "Aligned objectives: the mean progress of the objectives whose `parent` is this "
                f"one; over all of them {percent(r.rollup)}."
                if f.markdown
                else "Aligned objectives: the mean progress of the objectives whose parent is "
                f"this one; over all of them {percent(r.rollup)}."
            )
        )
    return out


def quarterly_blocks(r: QuarterlyReview, f: Fmt) -> list[Block]:
    h = r.head
    basis = (
        "final scores as recorded when the cycle was closed"
        if r.closed
        else "scores are the progress on this day (`okrctl cycle close` records them)"
    )
    out: list[Block] = [
        Heading(1, f"QBR: {f.t(h.name)}"),
        Para(f"{head_line(h, f)} · {basis if f.markdown else basis.replace('`', '')}"),
        Heading(2, "Summary"),
        Items(_summary(r)),
        Heading(2, "Score distribution (key results)"),
        table(
            ("Band", "Key results"),
            [(BAND_RANGES[b.band], str(b.count)) for b in r.distribution],
            (1,),
        ),
        Heading(2, "Scores by theme"),
        *_scores(r, f),
        Heading(2, "Theme coverage"),
        table(
            ("Theme", "Objectives"),
            [
                (f"{f.t(c.name)} ({f.code(c.id)})", str(c.objectives) if c.objectives else "0 ✗")
                for c in r.coverage
            ],
            (1,),
        ),
    ]
    empty = [c for c in r.coverage if not c.objectives]
    out.append(
        Para(
            "Themes without an objective: " + ", ".join(f.t(c.name) for c in empty) + "."
            if empty
            else "Every theme has at least one objective."
        )
    )
    out += _rollup(r, f)
    out.append(Heading(2, f"Carry-over candidates ({len(r.carry_over)})"))
    if r.carry_over:
        rows = [
            (f"{f.t(k.title)} ({f.code(k.ref)})", f.t(k.owner_name or k.owner), score(k.score))
            for k in r.carry_over
        ]
        out.append(table(("Unfinished key result", "Owner", "Score"), rows, (2,)))
    else:
        out.append(Para("Every key result was finished."))
    return out


def retrospective_markdown(r: QuarterlyReview) -> str:
    """The retrospective template: what worked and what did not, theme by theme, with the
    QBR's figures filled in.
    """
    f = MarkdownFmt()
    h = r.head
    out: list[Block] = [
        Heading(1, f"Retrospective: {f.t(h.name)}"),
        Para(f"Cycle {f.code(h.cycle)} ({h.start} to {h.end}), closed on {h.as_of}."),
        Heading(2, "The figures"),
        Items(_summary(r)),
    ]
    for t in r.themes:
        out.append(Heading(2, f"{f.t(t.name)}: {score(t.score)}"))
        if t.objectives:
            out.append(
                Items(
                    tuple(
                        f"{f.t(o.title)} ({f.code(o.ref)}): {score(o.score)}" for o in t.objectives
                    )
                )
            )
            out += _grades(t.objectives, f)
        else:
            out.append(Para("No objective served this theme."))
        out += [Heading(3, "What worked"), Items(("",)), Heading(3, "What did not"), Items(("",))]
    out.append(Heading(2, "Carry over to the next cycle"))
    if r.carry_over:
        out.append(
            Items(
                tuple(
                    f"[ ] {f.t(k.title)} ({f.code(k.ref)}): {score(k.score)}" for k in r.carry_over
                )
            )
        )
    else:
        out.append(Para("Every key result was finished."))
    out += [Heading(2, "What we change next cycle"), Items(("",))]
    return doc.to_text(out, f)
