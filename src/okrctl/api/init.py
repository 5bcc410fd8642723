"""`okrctl init`: scaffold a new strategy repo that validates clean.

The files are planned in memory, checked with the real loader and rules, and only then
written — and never over an existing file.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from string import Template

from okrctl.api.files import cannot_write, inside, write_atomic
from okrctl.api.validate import check_repo
from okrctl.edit.scalars import check_text, yaml_scalar
from okrctl.load.repo import load_tree
from okrctl.load.tree import MemoryTree
from okrctl.model import layout
from okrctl.model.errors import OkrctlError
from okrctl.model.layout import ID_RE
from okrctl.model.schema import modeline, schema_texts
from okrctl.templates import template

EXAMPLE_OBJECTIVE = "delight-customers"
WORKFLOW_PATH = ".github/workflows/okrctl.yml"


@dataclass(frozen=True)
class Named:
    """A theme or person: an id and a display name."""

    id: str
    name: str


@dataclass(frozen=True)
class InitSpec:
    organization: str
    themes: tuple[Named, ...]
    people: tuple[Named, ...]
    today: dt.date
    fiscal_year_start: int = 1  # the month; not 1: fiscal quarters (see `quarter`)


@dataclass(frozen=True)
class InitResult:
    root: Path
    files: tuple[str, ...]  # repo-relative paths written, in order
    git_initialized: bool
    cycle: str


def _check_text(value: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise OkrctlError(f"{what} is empty")
    return check_text(value, what)  # what the loader would refuse in the file written


def slug(name: str) -> str:
    """An id from a name: 'Customer Experience' -> 'customer-experience'."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:63].rstrip("-")


def parse_named(value: str, what: str) -> Named:
    """`ID:NAME`, or just `NAME` (the id is derived from it)."""
    head, colon, tail = value.partition(":")
    if colon and ID_RE.match(head.strip()):
        ident, name = head.strip(), _check_text(tail, f"{what} '{value}': the name")
    else:
        name = _check_text(value, f"{what} '{value}'")
        ident = slug(name)
        if not ident:
            raise OkrctlError(
                f"{what} '{value}': cannot derive an id from the name; write it as ID:NAME"
            )
    return Named(ident, name)


def make_spec(
    organization: str,
    themes: Sequence[str],
    people: Sequence[str],
    today: dt.date,
    fiscal_year_start: int = 1,
) -> InitSpec:
    """Check the user's answers: each a clear error rather than a file that fails later."""
    org = _check_text(organization, "the organisation name")
    parsed_themes = tuple(parse_named(t, "theme") for t in themes)
    parsed_people = tuple(parse_named(p, "person") for p in people)
    if not parsed_themes:
        raise OkrctlError("name at least one strategic theme (--theme ID:NAME)")
    if not parsed_people:
        raise OkrctlError("name at least one person, the owner of the examples (--person ID:NAME)")
    for what, items in (("theme", parsed_themes), ("person", parsed_people)):
        seen: set[str] = set()
        for item in items:
            if item.id in seen:
                raise OkrctlError(f"{what} id '{item.id}' is given twice")
            seen.add(item.id)
    quarter(today, fiscal_year_start)  # an impossible month is refused before anything else
    return InitSpec(org, parsed_themes, parsed_people, today, fiscal_year_start)


def quarter(day: dt.date, fiscal_year_start: int = 1) -> tuple[str, str, dt.date, dt.date]:
    """(id, name, start, end) of the quarter containing `day`: a calendar quarter (`2026-q4`,
    `2026 Q4`), or with a fiscal year starting in another month, a fiscal one named by the
    calendar year the fiscal year ends in, as GitLab's FY20 runs Feb 2019 to Jan 2020
    (`fy2020-q2`, `FY2020 Q2`)."""
    if not 1 <= fiscal_year_start <= 12:
        raise OkrctlError(f"the fiscal year start is a month, 1 to 12 (got {fiscal_year_start})")
    first = fiscal_year_start - 1  # 0-based month the fiscal year starts
    offset = (day.month - 1 - first) % 12
    q = offset // 3 + 1
    year_start = day.year if day.month - 1 >= first else day.year - 1
    month = first + 3 * (q - 1)  # 0-based, counted from January of `year_start`
    start = dt.date(year_start + month // 12, month % 12 + 1, 1)
    last = month + 2
    end_year, end_month = year_start + last // 12, last % 12 + 1
    if end_year > dt.MAXYEAR:  # a fiscal quarter of late 9999 ends in a year no date has
        raise OkrctlError(f"the quarter containing {day} ends after the year {dt.MAXYEAR}")
    # The quarter's last month's last day: no date after it is made (9999 Q4 has none).
    end = dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    if fiscal_year_start == 1:
        return f"{day.year}-q{q}", f"{day.year} Q{q}", start, end
    fiscal_year = year_start + 1
    return f"fy{fiscal_year}-q{q}", f"FY{fiscal_year} Q{q}", start, end


def scalar(text: str) -> str:
    """`text` as a YAML scalar (the one emitter: okrctl.edit.scalars)."""
    return yaml_scalar(text)


def _config(spec: InitSpec) -> str:
    themes = "\n".join(f"  - {{id: {t.id}, name: {scalar(t.name)}}}" for t in spec.themes)
    people = "\n".join(f"  - {{id: {p.id}, name: {scalar(p.name)}}}" for p in spec.people)
    return (
        modeline("okrctl", "schemas") + f"organization: {scalar(spec.organization)}\n"
        "# vision: Where we want to be in five years, in one sentence.\n\n"
        "# The strategic themes: every objective serves one of them.\n"
        f"themes:\n{themes}\n\n"
        "# Everyone who owns an objective, key result, KPI or initiative.\n"
        f"people:\n{people}\n\n"
        "# Every setting is optional; see okrctl's README for all of them.\n"
        "settings:\n"
        "  scoring: {green: 0.7, yellow: 0.4}   # status bands, fractions of expected progress\n"
        "  checkin_cadence: weekly             # a key result without a check-in turns stale\n"
        + (
            f"  fiscal_year_start: {spec.fiscal_year_start}"
            "                # the month the fiscal year starts\n"
            if spec.fiscal_year_start != 1
            else ""
        )
        + "  cadence:                            # the review rhythm: WBR / MBR / QBR\n"
        f"    - {{review: weekly, when: monday 09:00, owner: {spec.people[0].id}, "
        'scope: "WBR: KPI updates and a note on every OKR"}\n'
    )


def _cycle(name: str, start: dt.date, end: dt.date) -> str:
    return (
        modeline("cycle", "../../schemas")
        + "# One OKR period. Its folder name is its id; objectives/ and kpis/ sit beside.\n"
        f"name: {name}\nstart: {start.isoformat()}\nend: {end.isoformat()}\nscope: company\n"
    )


def _objective(spec: InitSpec, end: dt.date) -> str:
    owner = spec.people[0].id
    helper = spec.people[1].id if len(spec.people) > 1 else owner
    return (
        modeline("objective", "../../../schemas")
        + "# An example objective: edit it, or replace it with your own (one file each;\n"
        "# the file name is the id). 3 to 5 key results, each with unit, baseline, target.\n"
        "title: Customers love our service and stay with us\n"
        f"theme: {spec.themes[0].id}\n"
        f"owner: {owner}\n"
        "why: An example to start from. Say here why this objective matters now.\n"
        "key_results:\n"
        "  - id: nps\n"
        "    title: Net Promoter Score\n"
        "    unit: points\n"
        "    baseline: 30\n"
        "    target: 45\n"
        "    # Every week, append one line: - {date: YYYY-MM-DD, value: 32, confidence: 0.7}\n"
        "    checkins: []\n"
        "  - id: churn\n"
        "    title: Monthly customer churn\n"
        '    unit: "%"\n'
        "    baseline: 3\n"
        "    target: 2\n"
        "    direction: decrease\n"
        "    checkins: []\n"
        "  - id: first-response\n"
        "    title: Median first response time\n"
        "    unit: hours\n"
        "    baseline: 12\n"
        "    target: 4\n"
        "    direction: decrease\n"
        "    initiatives:\n"
        f"      - {{id: support-rota, title: Staff a follow-the-sun support rota, owner: {helper}, "
        f"due: {end.isoformat()}, status: planned}}\n"
        "    checkins: []\n"
    )


# One KPI per Balanced Scorecard perspective: (id, title, perspective, the other fields).
_KPIS = (
    (
        "revenue-growth",
        "Revenue growth, quarter on quarter",
        "financial",
        'unit: "%"\nbaseline: 2\ntarget: 5\nfrequency: monthly\n',
    ),
    (
        "customer-retention",
        "Customer retention",
        "customer",
        'unit: "%"\nbaseline: 90\ntarget: 95\nfrequency: monthly\n'
        "thresholds: {green: 95, yellow: 92}   # green from 95, yellow from 92, else red\n",
    ),
    (
        "lead-time",
        "Lead time from order to delivery",
        "internal-process",
        "unit: days\nbaseline: 10\ntarget: 5\ndirection: decrease\nfrequency: weekly\n",
    ),
    (
        "training-hours",
        "Training hours per person",
        "learning-growth",
        "unit: hours\nbaseline: 2\ntarget: 4\nfrequency: monthly\n",
    ),
)


def _kpi(title: str, perspective: str, fields: str, owner: str) -> str:
    return (
        modeline("kpi", "../../../schemas")
        + f"title: {title}\nperspective: {perspective}\nowner: {owner}\n{fields}"
        + "checkins: []   # append: - {date: YYYY-MM-DD, value: 3}\n"
    )


def scaffold(spec: InitSpec) -> dict[str, str]:
    """Every file of the new strategy repo: repo-relative path -> text."""
    cycle_id, name, start, end = quarter(spec.today, spec.fiscal_year_start)
    files = {
        layout.CONFIG_FILE: _config(spec),
        layout.cycle_file(cycle_id): _cycle(name, start, end),
        layout.objective_file(cycle_id, EXAMPLE_OBJECTIVE): _objective(spec, end),
    }
    for i, (kpi_id, title, perspective, fields) in enumerate(_KPIS):
        owner = spec.people[i % len(spec.people)].id
        files[layout.kpi_file(cycle_id, kpi_id)] = _kpi(title, perspective, fields, owner)
    files.update({f"schemas/{n}": text for n, text in schema_texts().items()})
    readme = Template(template("strategy-readme.md")).safe_substitute(
        organization=spec.organization,
        cycle=cycle_id,
        objective=EXAMPLE_OBJECTIVE,
        today=spec.today.isoformat(),
    )
    files.update(
        {
            "README.md": readme,
            ".pre-commit-config.yaml": template("pre-commit-config.yaml"),
            WORKFLOW_PATH: template("github-workflow.yml"),
            ".github/CODEOWNERS": template("CODEOWNERS"),
        }
    )
    return files


def _self_check(files: dict[str, str], spec: InitSpec) -> None:
    tree = MemoryTree({rel: text.encode("utf-8") for rel, text in files.items()})
    found = check_repo(load_tree(tree, Path(".")), spec.today)
    if found:
        d = found[0]
        raise OkrctlError(
            f"the scaffold would not validate ({d.file}:{d.line}:{d.col}: {d.code} {d.message}); "
            "check the names given"
        )


def _existing(root: Path, rels: Sequence[str]) -> list[str]:
    taken = []
    for rel in rels:
        path = root / rel
        if path.exists() or path.is_symlink():
            taken.append(rel)
            continue
        # A parent folder that is a file blocks the write just as well.
        for parent in Path(rel).parents:
            if str(parent) != "." and (root / parent).is_file():
                taken.append(rel)
                break
    return taken


def init_repo(root: Path, spec: InitSpec, git_init: bool = True) -> InitResult:
    """Write the scaffold into `root` (created when missing); with `git_init`, run `git init`
    there unless it is already inside a git work tree. Nothing is written when any target
    exists."""
    if root.exists() and not root.is_dir():
        raise OkrctlError(f"{root} exists and is not a folder")
    files = scaffold(spec)
    _self_check(files, spec)
    taken = _existing(root, list(files))
    if taken:
        shown = ", ".join(taken[:5]) + (f" and {len(taken) - 5} more" if len(taken) > 5 else "")
        raise OkrctlError(f"{root}: refusing to overwrite existing files: {shown}; nothing written")
    written: list[Path] = []
    path = root
    try:
        for rel, text in files.items():
            path = root / rel
            inside(root, path)  # a folder already there may be a link out of it
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text)
            written.append(path)
    except OSError as exc:
        for done in written:  # they did not exist before: removing them loses nothing
            done.unlink(missing_ok=True)
        why = cannot_write(path, exc).message
        raise OkrctlError(f"{root}: cannot write the strategy repo: {why}") from None
    made_git = False
    if git_init:
        from okrctl.history.init import init_git, inside_git

        if not inside_git(root):
            init_git(root)
            made_git = True
    return InitResult(root, tuple(files), made_git, quarter(spec.today, spec.fiscal_year_start)[0])
