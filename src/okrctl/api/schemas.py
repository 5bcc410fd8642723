"""Writing the generated JSON Schemas."""

from __future__ import annotations

from pathlib import Path

from okrctl.api.files import write_atomic
from okrctl.model.schema import schema_texts


def write_schemas(folder: Path, dry_run: bool = False) -> list[str]:
    """Write the schemas that differ from the models; return their file names."""
    changed = []
    for name, text in schema_texts().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            changed.append(name)
            if not dry_run:
                folder.mkdir(parents=True, exist_ok=True)
                write_atomic(path, text)
    return changed
