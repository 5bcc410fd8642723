"""One file's bytes to a validated model, with findings; no file system access."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from okrctl.load.cache import ValueCache
from okrctl.load.schema_errors import schema_findings
from okrctl.load.source import SourceFile
from okrctl.load.yamlsafe import (
    MAX_FILE_BYTES,
    check_text,
    decode,
    parse,
    parse_composed,
    parse_fast,
)
from okrctl.model import Diagnostic, Severity
from okrctl.model.diagnostic import Draft

M = TypeVar("M", bound=BaseModel)


@dataclass
class Loaded(Generic[M]):
    """The outcome of loading one file.

    `source` is None when the text could not be read (encoding, control characters, ...);
    `model` is None when the file did not validate. A model can come with diagnostics:
    parser findings such as a duplicate key keep the file in error without hiding the
    semantic checks of the rest of it.
    """

    source: SourceFile | None = None
    model: M | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def load_document(rel: str, data: bytes, model: type[M]) -> Loaded[M]:
    """Decode, check, parse and validate the bytes of the file at repo path `rel`."""
    return load_documents([(rel, data, model)])[0]


def load_documents(
    items: Sequence[tuple[str, bytes, type[M]]],
    cache: ValueCache | None = None,
    digests: Sequence[bytes | None] | None = None,
) -> list[Loaded[M]]:
    """`load_document` of many files.

    With a `cache`, a file whose bytes parsed clean before takes its value from it (its
    text was checked then: decoding is all it needs now), and clean new values go in.
    `digests` (`source.digest` of each file's bytes, or None) are the cache's keys when the
    caller has them, and say that the caller reads texts again from their tree
    (`SourceFile.forget_text`): a cached model's text is then not decoded at all.
    """
    out: list[Loaded[M]] = []
    texts: list[str] = []
    readable: list[int] = []  # index in `out` of each text in `texts`
    keys = digests if digests is not None else [None] * len(items)
    for (rel, data, model), key in zip(items, keys, strict=True):
        loaded: Loaded[M] = Loaded()
        hit = cache.get(data, model, key) if cache is not None else None
        if isinstance(hit, BaseModel):
            # The text, only if no tree will give it again (a position may need it).
            text = None if digests is not None else data.decode("utf-8").removeprefix("\ufeff")
            loaded.source = SourceFile(rel, text)
            loaded.model = hit  # type: ignore[assignment]  # validated as `model`
        elif hit is not None:  # a value validated again: its findings would need the text
            loaded.source = SourceFile(rel, data.decode("utf-8").removeprefix("\ufeff"))
            _validate(loaded, model, hit, [])
        else:
            text = _read_text(rel, data, loaded)
            if text is not None:
                loaded.source = SourceFile(rel, text)
                texts.append(text)
                readable.append(len(out))
        out.append(loaded)
    for index, text in zip(readable, texts, strict=True):
        if cache is None:
            value, problems = parse(text)
        else:
            # Only the fast path's values are kept: it gives the places of their dates.
            dates: list[list[str | int]] = []
            value, problems = parse_fast(text, dates), []
            fast = value is not None
            if not fast:
                value, problems = parse_composed(text)
        _validate(out[index], items[index][2], value, problems)
        if cache is not None and fast and out[index].model and not out[index].diagnostics:
            cache.put(items[index][1], value, dates)
    return out


class CachedParse:
    """`load_documents` through a value cache, given the digests the loader has already
    computed of the files' bytes (`load.repo` passes them): no file is hashed twice."""

    __slots__ = ("cache",)

    def __init__(self, cache: ValueCache) -> None:
        self.cache = cache

    def __call__(
        self,
        items: Sequence[tuple[str, bytes, type[M]]],
        digests: Sequence[bytes | None] | None = None,
    ) -> list[Loaded[M]]:
        return load_documents(items, self.cache, digests)


def _read_text(rel: str, data: bytes, loaded: Loaded[M]) -> str | None:
    """The text of the file, or None with findings when it cannot be parsed at all."""
    if len(data) > MAX_FILE_BYTES:
        # Readers stop at the limit plus one byte, so the real size is not known here.
        message = "file is larger than the limit of 1 MiB"
        loaded.diagnostics.append(Diagnostic(rel, 0, 0, "OKR008", Severity.ERROR, message))
        return None
    text, problems = decode(data)
    if text is not None:
        problems = check_text(text)
    if text is None or problems:
        loaded.diagnostics += [p.diagnostic(file=rel) for p in problems]
        return None
    return text


def _validate(loaded: Loaded[M], model: type[M], value: Any, problems: list[Draft]) -> None:
    """The parser's findings, then the model (or the schema findings) of the parsed value."""
    source = loaded.source
    assert source is not None
    loaded.diagnostics += [p.diagnostic(file=source.path) for p in problems]
    if not isinstance(value, dict):
        return
    try:
        loaded.model = model.model_validate(value)
    except ValidationError as exc:
        loaded.diagnostics += [d.diagnostic() for d in schema_findings(model, value, exc, source)]
