"""One file's bytes to a validated model, with findings; no file system access."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from okrctl.load.schema_errors import schema_findings
from okrctl.load.source import SourceFile
from okrctl.load.yamlsafe import MAX_FILE_BYTES, check_text, decode, parse
from okrctl.model import Diagnostic, Severity

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
    out: Loaded[M] = Loaded()

    def report(line: int, col: int, code: str, message: str) -> None:
        out.diagnostics.append(Diagnostic(rel, line, col, code, Severity.ERROR, message))

    if len(data) > MAX_FILE_BYTES:
        report(0, 0, "OKR008", f"file is {len(data):,} bytes; the limit is 1 MiB")
        return out
    text, problems = decode(data)
    if text is not None:
        problems = check_text(text)
    if text is None or problems:
        for p in problems:
            report(p.line, p.col, p.code, p.message)
        return out
    out.source = SourceFile(rel, text)
    value, problems = parse(text)
    for p in problems:
        report(p.line, p.col, p.code, p.message)
    if not isinstance(value, dict):
        return out
    try:
        out.model = model.model_validate(value)
    except ValidationError as exc:
        for code, loc, message in schema_findings(model, value, exc):
            place = out.source.value_position if code == "OKR103" else out.source.position
            line, col = place(loc)
            report(line, col, code, message)
    return out
