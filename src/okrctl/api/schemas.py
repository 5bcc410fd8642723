"""Writing the generated JSON Schemas."""

from __future__ import annotations

from pathlib import Path

from okrctl.api.files import cannot_write, make_folder, write_atomic
from okrctl.model.errors import OkrctlError
from okrctl.model.schema import schema_texts


def write_schemas(folder: Path, dry_run: bool = False) -> list[str]:
    """Write the schemas that differ from the models; return their file names.

    A folder that cannot be made or written (a file in the way, no permission) is a usage
    error naming the path.
    """
    texts = schema_texts()
    changed = [name for name, text in texts.items() if _differs(folder / name, text)]
    if dry_run or not changed:
        return changed
    try:
        make_folder(folder)
    except OkrctlError as exc:
        raise OkrctlError(f"{exc.message}; nothing was written") from None
    for name in changed:
        try:
            write_atomic(folder / name, texts[name])
        except OSError as exc:
            raise cannot_write(folder / name, exc) from None
    return changed


def _differs(path: Path, text: str) -> bool:
    try:
        return not path.is_file() or path.read_text(encoding="utf-8") != text
    except (OSError, UnicodeDecodeError):  # unreadable: writing it anew is the fix
        return True
