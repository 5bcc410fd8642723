"""Find a strategy repo and load every file of it into models, collecting findings."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel

from okrctl.load.cache import ValueCache, cache_file, fingerprint
from okrctl.load.document import CachedParse, Loaded, load_document, load_documents
from okrctl.load.heap import release_free_memory
from okrctl.load.source import SourceFile, digest
from okrctl.load.tree import FileTree, FsTree, Kind, MemoryTree, OutsideRepoError
from okrctl.load.yamlsafe import MAX_FILE_BYTES
from okrctl.model import Cycle, Diagnostic, Kpi, Objective, Severity, StrategyConfig, layout
from okrctl.model.errors import OkrctlError
from okrctl.model.layout import ID_RE

CONFIG_FILE = layout.CONFIG_FILE
M = TypeVar("M", bound=BaseModel)


Item = tuple[str, bytes, type[BaseModel]]  # repo path, bytes, model of one file


class Parser(Protocol):
    """How files' bytes become models: `load_documents`, or a cache in front of it."""

    def __call__(self, items: Sequence[Item]) -> Sequence[Loaded[Any]]: ...


class RepoNotFoundError(OkrctlError):
    """No `okrctl.yaml` in the directory or any parent."""


@dataclass(slots=True)  # one per file: no __dict__ each
class Document(Generic[M]):
    """A file that parsed and validated: its id, its model and where it came from."""

    id: str
    source: SourceFile
    model: M


@dataclass
class CycleFiles:
    id: str
    cycle: Document[Cycle] | None = None
    objectives: dict[str, Document[Objective]] = field(default_factory=dict)
    kpis: dict[str, Document[Kpi]] = field(default_factory=dict)
    _ids: dict[str, tuple[int, layout.IdSet]] = field(default_factory=dict, repr=False)

    def ids(self, kind: str, files: dict[str, Any]) -> layout.IdSet:
        """The ids of `files` for the resolver, built again only when their number changed
        (the files are added while loading, then only read)."""
        held = self._ids.get(kind)
        if held is None or held[0] != len(files):
            held = (len(files), layout.IdSet(files.keys()))
            self._ids[kind] = held
        return held[1]


@dataclass
class StrategyRepo:
    """Everything loaded from one strategy repo (on disk or at a git revision)."""

    root: Path
    config: Document[StrategyConfig] | None
    cycles: dict[str, CycleFiles]
    diagnostics: list[Diagnostic]  # the loader's findings; rules add theirs separately
    sources: dict[str, SourceFile]
    # What the findings depend on (`okrctl.load.cache.fingerprint`); set by `load_repo` when
    # the cache is on, for the findings cache.
    fingerprint: str | None = None

    def objectives(self) -> Iterator[tuple[CycleFiles, Document[Objective]]]:
        for cycle in self.cycles.values():
            for doc in cycle.objectives.values():
                yield cycle, doc

    def kpis(self) -> Iterator[tuple[CycleFiles, Document[Kpi]]]:
        for cycle in self.cycles.values():
            for doc in cycle.kpis.values():
                yield cycle, doc

    # What exists, for the reference resolver (okrctl.model.refs.Index).
    def cycle_ids(self) -> list[str]:
        return list(self.cycles)

    def objective_ids(self, cycle: str) -> Collection[str]:
        files = self.cycles.get(cycle)
        return files.ids("objectives", files.objectives) if files else ()

    def kpi_ids(self, cycle: str) -> Collection[str]:
        files = self.cycles.get(cycle)
        return files.ids("kpis", files.kpis) if files else ()

    def key_result_ids(self, cycle: str, objective: str) -> list[str]:
        doc = self.cycles[cycle].objectives.get(objective) if cycle in self.cycles else None
        return [kr.id for kr in doc.model.key_results] if doc else []


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


def _put(into: dict[str, Document[M]], ident: str, doc: Document[M]) -> None:
    into[ident] = doc


class _Walker:
    """Walks the layout of one repo; one bad file never stops the others being checked."""

    def __init__(self, tree: FileTree) -> None:
        self.tree = tree
        self.diagnostics: list[Diagnostic] = []
        self.sources: dict[str, SourceFile] = {}
        # Files are read during the walk and parsed together at the end (`finish`), so
        # that the parser (and its cache) sees every file of both sides of a diff at once.
        self.pending: list[tuple[Item, str, Callable[[Document[Any]], None]]] = []

    def report(self, rel: str, code: str, message: str, warn: bool = False) -> None:
        severity = Severity.WARNING if warn else Severity.ERROR
        self.diagnostics.append(Diagnostic(rel, 0, 0, code, severity, message))

    def escaped(self, rel: str, kind: Kind | None) -> bool:
        if kind is Kind.ESCAPING_LINK:
            self.report(rel, "OKR009", "symbolic link points outside the strategy repo")
            return True
        return False

    def load(
        self, rel: str, model: type[M], ident: str, store: Callable[[Document[M]], None]
    ) -> None:
        """Read the file now; parse it in `finish`, then `store` it if it validates."""
        try:
            data = self.tree.read(rel, MAX_FILE_BYTES)
        except OutsideRepoError:
            self.escaped(rel, Kind.ESCAPING_LINK)
            return
        except OSError as exc:  # also a FIFO or device: it is never opened (it could block)
            self.report(rel, "OKR001", f"cannot read file: {exc.strerror or exc}")
            return
        self.pending.append(((rel, data, model), ident, store))

    def digests(self, needed: bool) -> list[bytes | None]:
        """The `digest` of each pending file's bytes, which its text read again is checked
        against; a MemoryTree holds the very bytes it gave, so they are computed for it only
        when `needed` (for the repo's fingerprint)."""
        if isinstance(self.tree, MemoryTree) and not needed:
            return [None] * len(self.pending)
        return [digest(item[1]) for item, _, _ in self.pending]

    def finish(self, results: Sequence[Loaded[Any]]) -> None:
        """Store the parses of the files read by `load`, given in the order read."""
        for (item, ident, store), loaded in zip(self.pending, results, strict=True):
            rel = item[0]
            self.diagnostics.extend(loaded.diagnostics)
            if loaded.source is not None:
                self.sources[rel] = loaded.source
                if loaded.model is not None:
                    store(Document(ident, loaded.source, loaded.model))
        self.pending = []

    def valid_id(self, rel: str, ident: str, what: str) -> bool:
        if ID_RE.match(ident):
            return True
        self.report(
            rel,
            "OKR012",
            f"{what} id '{ident}' must be letters, digits and '-' "
            "(at most 63 characters, starting with a letter or digit)",
        )
        return False

    def case_collisions(self, found: Sequence[tuple[str, str]], what: str) -> None:
        """Report, at each of them, ids of one folder that differ only by case: ids match
        case-insensitively, and on macOS and Windows such files are one file."""
        groups: dict[str, list[tuple[str, str]]] = {}
        for ident, rel in found:
            groups.setdefault(ident.casefold(), []).append((ident, rel))
        for group in groups.values():
            for ident, rel in group if len(group) > 1 else ():
                others = ", ".join(f"'{o}'" for o, _ in group if o != ident)
                self.report(
                    rel,
                    "OKR015",
                    f"{what} id '{ident}' differs from {others} only by case: they are one "
                    "file on case-insensitive file systems; rename one",
                )

    def yaml_files(self, folder: str, what: str) -> Iterator[tuple[str, str]]:
        """(id, path) of each `*.yaml` file in a folder; anything else is reported."""
        found: list[tuple[str, str]] = []
        yield from self._yaml_files(folder, what, found)
        self.case_collisions(found, what)

    def _yaml_files(
        self, folder: str, what: str, found: list[tuple[str, str]]
    ) -> Iterator[tuple[str, str]]:
        for entry in self.tree.entries(folder):
            rel = f"{folder}/{entry.name}"
            if entry.name.startswith(".") or self.escaped(rel, entry.kind):
                continue
            stem, dot, ext = entry.name.rpartition(".")
            # A FIFO or device is read, and so reported "not a regular file", as a file is.
            if dot and ext == "yaml" and entry.kind in (Kind.FILE, Kind.SPECIAL):
                if self.valid_id(rel, stem, what):
                    found.append((stem, rel))
                    yield stem, rel
            elif dot and ext == "yml":
                self.report(rel, "OKR013", f"ignored: rename to {stem}.yaml", warn=True)
            else:
                an = "an" if what[0] in "aeiou" else "a"  # an objective, a KPI
                self.report(rel, "OKR013", f"ignored: not {an} {what} file (*.yaml)", warn=True)

    def cycle(self, cycle_id: str) -> CycleFiles:
        base, cycle_file = layout.cycle_dir(cycle_id), layout.cycle_file(cycle_id)
        files = CycleFiles(cycle_id)
        kind = self.tree.kind(cycle_file)
        if kind is None:
            self.report(base, "OKR102", f"cycle folder has no cycle.yaml ({cycle_file})")
        elif not self.escaped(cycle_file, kind):
            self.load(cycle_file, Cycle, cycle_id, partial(setattr, files, "cycle"))
        for entry in self.tree.entries(base):
            rel = f"{base}/{entry.name}"
            if entry.name == layout.OBJECTIVES and entry.kind is Kind.DIR:
                for ident, path in self.yaml_files(rel, "objective"):
                    self.load(path, Objective, ident, partial(_put, files.objectives, ident))
            elif entry.name == layout.KPIS and entry.kind is Kind.DIR:
                for ident, path in self.yaml_files(rel, "KPI"):
                    self.load(path, Kpi, ident, partial(_put, files.kpis, ident))
            elif not self.escaped(rel, entry.kind) and entry.name != layout.CYCLE_FILE:
                if entry.name.endswith((".yaml", ".yml")) or entry.kind is Kind.DIR:
                    self.report(
                        rel,
                        "OKR013",
                        "ignored: a cycle folder holds cycle.yaml, objectives/ and kpis/",
                        warn=True,
                    )
        return files


def load_tree(tree: FileTree, root: Path, parse: Parser = load_documents) -> StrategyRepo:
    """Load every file of the strategy repo that `tree` holds (through `parse`)."""
    return load_trees([(tree, root)], parse)[0]


def load_trees(
    trees: Sequence[tuple[FileTree, Path]],
    parse: Parser = load_documents,
    fingerprints: bool = False,
) -> list[StrategyRepo]:
    """Load several trees (the two sides of a diff) with one call of `parse` for all their
    files (so that a parse cache in front of it sees them all); with `fingerprints`, each
    repo gets its `fingerprint`."""
    walks = [_walk(tree) for tree, _ in trees]
    digests = [w.digests(fingerprints) for w, _, _ in walks]
    # The files' digests stand for their bytes (one pass over them for both uses).
    keys = [
        fingerprint(
            [(i[0], d or b"") for (i, _, _), d in zip(w.pending, ds, strict=True)],
            w.diagnostics,
        )
        if fingerprints
        else None
        for (w, _, _), ds in zip(walks, digests, strict=True)
    ]
    results = _parse_in_chunks(parse, walks, digests)
    repos = []
    at = 0
    for (walker, configs, cycles), (_, root), key in zip(walks, trees, keys, strict=True):
        count = len(walker.pending)
        walker.finish(results[at : at + count])
        at += count
        config = configs[0] if configs else None
        repos.append(StrategyRepo(root, config, cycles, walker.diagnostics, walker.sources, key))
    return repos


_CHUNK = 256  # files parsed per call: their bytes are freed before the next ones are read


def _parse_in_chunks(
    parse: Parser,
    walks: Sequence[tuple[_Walker, Any, Any]],
    digests: Sequence[Sequence[bytes | None]],
) -> list[Loaded[Any]]:
    """`parse` every pending file, a chunk at a time, so that only one chunk's bytes and
    texts are held beside the models (the bytes of 10,000 files are 40 MB, their texts as
    much); one parser (and cache) sees all. Each text is dropped until a position needs it
    (`SourceFile.forget_text`, checked against the file's digest in `digests`)."""
    batch: list[tuple[Item, FileTree, bytes | None]] = []
    for (walker, _, _), ds in zip(walks, digests, strict=True):
        pending = zip(walker.pending, ds, strict=True)
        batch += [(item, walker.tree, d) for (item, _, _), d in pending]
        walker.pending = [
            ((rel, b"", model), ident, store) for (rel, _, model), ident, store in walker.pending
        ]
    batch.reverse()
    results: list[Loaded[Any]] = []
    while batch:
        chunk = [batch.pop() for _ in range(min(_CHUNK, len(batch)))]
        items = [item for item, _, _ in chunk]
        # A CachedParse takes the digests at hand as its keys.
        loaded: Sequence[Loaded[Any]] = (
            parse(items, [d for _, _, d in chunk])
            if isinstance(parse, CachedParse)
            else parse(items)
        )
        for (_, tree, parsed), one in zip(chunk, loaded, strict=True):
            if one.source is not None:
                one.source.forget_text(tree, parsed)
        results += loaded
        del chunk, loaded
        release_free_memory()
    return results


def _walk(
    tree: FileTree,
) -> tuple[_Walker, list[Document[StrategyConfig]], dict[str, CycleFiles]]:
    """Walk the layout, reading every file; nothing is parsed yet (see `_Walker.finish`)."""
    walker = _Walker(tree)
    configs: list[Document[StrategyConfig]] = []
    kind = tree.kind(CONFIG_FILE)
    if kind is None:
        walker.report(CONFIG_FILE, "OKR102", f"the strategy repo has no {CONFIG_FILE}")
    elif not walker.escaped(CONFIG_FILE, kind):
        walker.load(CONFIG_FILE, StrategyConfig, "okrctl", configs.append)
    cycles: dict[str, CycleFiles] = {}
    walker.escaped(layout.CYCLES, tree.kind(layout.CYCLES))  # then it has no entries
    for entry in tree.entries(layout.CYCLES):
        rel = layout.cycle_dir(entry.name)
        if entry.name.startswith(".") or walker.escaped(rel, entry.kind):
            continue
        if entry.kind is not Kind.DIR:
            walker.report(rel, "OKR013", "ignored: cycles/ holds one folder per cycle", warn=True)
        elif walker.valid_id(rel, entry.name, "cycle"):
            cycles[entry.name] = walker.cycle(entry.name)
    walker.case_collisions([(c, layout.cycle_dir(c)) for c in cycles], "cycle")
    return walker, configs, cycles


def load_repo(root: Path) -> StrategyRepo:
    """Load every file of the strategy repo at `root` on disk (through the value cache)."""
    cache = ValueCache(cache_file(root))
    on = cache.path is not None
    repo = load_trees([(FsTree(root), root)], CachedParse(cache), on)[0]
    cache.save()
    return repo


def item_paths(root: Path) -> set[str]:
    """The paths of the objective and KPI files of the repo on disk, none of them read."""
    tree = FsTree(root)
    found: set[str] = set()
    for cycle in tree.entries(layout.CYCLES):
        for folder in (layout.OBJECTIVES, layout.KPIS) if cycle.kind is Kind.DIR else ():
            base = f"{layout.cycle_dir(cycle.name)}/{folder}"
            found.update(
                f"{base}/{e.name}"
                for e in tree.entries(base)
                if e.name.endswith(".yaml") and e.kind is Kind.FILE
            )
    return found


def load_file(root: Path, rel: str, model: type[M]) -> M | None:
    """One file of the repo on disk as its model (no cache: one file parses in a
    millisecond); None when it cannot be read or has errors (`validate` says which)."""
    try:
        data = FsTree(root).read(rel, MAX_FILE_BYTES)
    except OSError:
        return None
    loaded = load_document(rel, data, model)
    return None if loaded.diagnostics else loaded.model
