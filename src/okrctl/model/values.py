"""A metric value as written in YAML: a number, or true/false for a milestone (no pydantic
here: renderers and the CLI import it)."""

from __future__ import annotations

Value = int | float | bool
