"""Find a strategy repo, read every file of it, and validate each against its model."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from okrctl.load.schema_errors import schema_findings
from okrctl.load.source import SourceFile
from okrctl.load.yamlsafe import MAX_FILE_BYTES, check_text, decode, parse
from okrctl.model import Cycle, Diagnostic, Kpi, Objective, Severity, StrategyConfig
from okrctl.model.common import ID_RE
from okrctl.model.errors import OkrctlError

CONFIG_FILE = "okrctl.yaml"
M = TypeVar("M", bound=BaseModel)


class RepoNotFoundError(OkrctlError):
    """No `okrctl.yaml` in the directory or any parent."""


@dataclass
class Document(Generic[M]):
    """A file that parsed and validated: its model and where it came from."""

    id: str
    source: SourceFile
    model: M


@dataclass
class CycleFiles:
    id: str
    cycle: Document[Cycle] | None = None
    objectives: dict[str, Document[Objective]] = field(default_factory=dict)
    kpis: dict[str, Document[Kpi]] = field(default_factory=dict)


@dataclass
class StrategyRepo:
    root: Path
    config: Document[StrategyConfig] | None
    cycles: dict[str, CycleFiles]
    diagnostics: list[Diagnostic]
    sources: dict[str, SourceFile]

    def objectives(self) -> Iterable[tuple[CycleFiles, Document[Objective]]]:
        for cycle in self.cycles.values():
            for doc in cycle.objectives.values():
                yield cycle, doc

    def kpis(self) -> Iterable[tuple[CycleFiles, Document[Kpi]]]:
        for cycle in self.cycles.values():
            for doc in cycle.kpis.values():
                yield cycle, doc


def find_root(start: Path) -> Path:
    """The nearest directory at or above `start` holding `okrctl.yaml`, like git."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / CONFIG_FILE).is_file():
            return candidate
    raise RepoNotFoundError(
        f"no {CONFIG_FILE} found in {start} or any parent directory "
        "(use -C DIR to name the strategy repo, or `okrctl init` to create one)"
    )


class _Reader:
    """Reads files of one repo, collecting diagnostics; one bad file never stops the rest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.diagnostics: list[Diagnostic] = []
        self.sources: dict[str, SourceFile] = {}

    def report(
        self,
        rel: str,
        line: int,
        col: int,
        code: str,
        message: str,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.diagnostics.append(Diagnostic(rel, line, col, code, severity, message))

    def inside(self, path: Path, rel: str) -> bool:
        """False (with a finding) for a symlink that leads out of the repo."""
        if not path.is_symlink():
            return True
        target = os.path.realpath(path)
        if target == self.real_root or target.startswith(self.real_root + os.sep):
            return True
        self.report(rel, 0, 0, "OKR009", "symbolic link points outside the strategy repo")
        return False

    def load(self, path: Path, model: type[M]) -> tuple[SourceFile | None, M | None]:
        rel = path.relative_to(self.root).as_posix()
        if not self.inside(path, rel):
            return None, None
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.report(
                    rel,
                    0,
                    0,
                    "OKR008",
                    f"file is {size:,} bytes; the limit is {MAX_FILE_BYTES:,} (1 MiB)",
                )
                return None, None
            data = path.read_bytes()
        except OSError as exc:
            self.report(rel, 0, 0, "OKR001", f"cannot read file: {exc.strerror}")
            return None, None
        text, problems = decode(data)
        if text is not None:
            problems = check_text(text)
        if text is None or problems:
            for p in problems:
                self.report(rel, p.line, p.col, p.code, p.message)
            return None, None
        source = SourceFile(rel, path, text)
        self.sources[rel] = source
        value, problems = parse(text)
        for p in problems:
            self.report(rel, p.line, p.col, p.code, p.message)
        if not isinstance(value, dict):
            return source, None
        try:
            result = model.model_validate(value)
        except ValidationError as exc:
            for code, loc, message in schema_findings(model, value, exc):
                place = source.value_position if code == "OKR103" else source.position
                line, col = place(loc)
                self.report(rel, line, col, code, message)
            return source, None
        # A file with parser findings (duplicate keys, aliases, ...) is still an error, but
        # its model is kept so that the semantic rules can check the rest of it.
        return source, result

    def check_id(self, rel: str, ident: str, what: str) -> bool:
        if ID_RE.match(ident):
            return True
        self.report(
            rel,
            0,
            0,
            "OKR012",
            f"{what} id '{ident}' must be lowercase letters, digits and '-' "
            "(at most 63 characters, starting with a letter or digit)",
        )
        return False


def _yaml_files(reader: _Reader, folder: Path, what: str) -> list[tuple[str, Path]]:
    out: list[tuple[str, Path]] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return out
    for entry in entries:
        rel = Path(entry.path).relative_to(reader.root).as_posix()
        if entry.name.startswith("."):
            continue
        stem, dot, ext = entry.name.rpartition(".")
        if dot and ext == "yaml" and not entry.is_dir():
            if reader.check_id(rel, stem, what):
                out.append((stem, Path(entry.path)))
        elif dot and ext == "yml":
            reader.report(rel, 0, 0, "OKR013", f"ignored: rename to {stem}.yaml", Severity.WARNING)
        else:
            reader.report(
                rel, 0, 0, "OKR013", f"ignored: not a {what} file (*.yaml)", Severity.WARNING
            )
    return out


def load_repo(root: Path) -> StrategyRepo:
    """Load every file of the strategy repo at `root`."""
    reader = _Reader(root)
    config_source, config = reader.load(root / CONFIG_FILE, StrategyConfig)
    config_doc = Document("okrctl", config_source, config) if config_source and config else None
    cycles: dict[str, CycleFiles] = {}
    cycles_dir = root / "cycles"
    if cycles_dir.is_dir() and reader.inside(cycles_dir, "cycles"):
        for entry in sorted(os.scandir(cycles_dir), key=lambda e: e.name):
            if entry.name.startswith("."):
                continue
            rel = f"cycles/{entry.name}"
            if not entry.is_dir():
                reader.report(
                    rel,
                    0,
                    0,
                    "OKR013",
                    "ignored: cycles/ holds one folder per cycle",
                    Severity.WARNING,
                )
                continue
            path = Path(entry.path)
            if not reader.inside(path, rel) or not reader.check_id(rel, entry.name, "cycle"):
                continue
            cycles[entry.name] = _load_cycle(reader, entry.name, path)
    return StrategyRepo(root, config_doc, cycles, reader.diagnostics, reader.sources)


def _load_cycle(reader: _Reader, cycle_id: str, path: Path) -> CycleFiles:
    files = CycleFiles(cycle_id)
    cycle_file = path / "cycle.yaml"
    if cycle_file.is_file() or cycle_file.is_symlink():
        source, model = reader.load(cycle_file, Cycle)
        if source and model:
            files.cycle = Document(cycle_id, source, model)
    else:
        reader.report(
            f"cycles/{cycle_id}",
            0,
            0,
            "OKR102",
            f"cycle folder has no cycle.yaml (cycles/{cycle_id}/cycle.yaml)",
        )
    for ident, file_path in _cycle_part(reader, path, cycle_id, "objectives", "objective"):
        objective_source, objective = reader.load(file_path, Objective)
        if objective_source and objective:
            files.objectives[ident] = Document(ident, objective_source, objective)
    for ident, file_path in _cycle_part(reader, path, cycle_id, "kpis", "KPI"):
        kpi_source, kpi = reader.load(file_path, Kpi)
        if kpi_source and kpi:
            files.kpis[ident] = Document(ident, kpi_source, kpi)
    return files


def _cycle_part(
    reader: _Reader, cycle_path: Path, cycle_id: str, sub: str, what: str
) -> list[tuple[str, Path]]:
    folder = cycle_path / sub
    if not folder.is_dir() or not reader.inside(folder, f"cycles/{cycle_id}/{sub}"):
        return []
    return _yaml_files(reader, folder, what)


def load_file_model(root: Path, path: Path, model: type[M]) -> tuple[M | None, list[Diagnostic]]:
    """Load and validate a single file (used by commands that edit one file)."""
    reader = _Reader(root)
    _, result = reader.load(path, model)
    return result, reader.diagnostics
