"""Option values converted without pydantic, so that start-up does not pay for it.

typer 0.29 converts every parameter through a pydantic TypeAdapter, which imports pydantic
(~50 ms) on the first option parsed: `okrctl status --help` paid it for `okrctl -C`, parsed
before the command's `--help`. okrctl's options are text, paths, flags, lists of those, or
have a `parser`: those are converted here as typer converts them; any other kind (numbers
with bounds, enums) is left to typer.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click.exceptions import BadParameter
from typer._coercion import RuntimeParam, TypeDescriptor
from typer._param_types import coerce_cli_path, routes_to_path
from typer.core import _TyperParameter

Convert = Callable[[Any, Any, Any], Any]  # (value, param, ctx) -> the value passed on


@dataclass(frozen=True)
class _Converted(RuntimeParam):
    convert: Convert

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        if isinstance(value, list | tuple):  # a repeatable option
            return [self.convert(item, param, ctx) for item in value]
        return self.convert(value, param, ctx)


def _text(value: Any, param: Any, ctx: Any) -> Any:
    return value if isinstance(value, str) else os.fsdecode(value)


def _flag(value: Any, param: Any, ctx: Any) -> Any:
    return value


def _converter(descriptor: TypeDescriptor) -> Convert | None:
    """How to convert a value of this parameter, or None to leave it to typer."""
    info = descriptor.parameter_info
    annotation: Any = descriptor.annotation
    if descriptor.file_annotation is not None:
        return None
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    if info.parser is not None:
        parser = info.parser
        return lambda value, param, ctx: parser(value)
    if annotation is str:
        return _text
    if annotation is bool:
        return _flag
    if annotation is Path and routes_to_path(annotation, info):

        def path(value: Any, param: Any, ctx: Any) -> Any:
            given = Path(os.fsdecode(value)) if isinstance(value, str | bytes) else value
            try:
                return coerce_cli_path(given, info, path_type=Path, param=param, ctx=ctx)
            except ValueError as exc:  # an embedded NUL byte
                raise BadParameter(str(exc), ctx=ctx, param=param) from None

        return path
    return None


def _runtime_param(self: _TyperParameter) -> RuntimeParam:
    if self._runtime_param is None:
        convert = _converter(self.type_descriptor)
        if convert is not None:
            descriptor = self.type_descriptor
            self._runtime_param = _Converted(
                descriptor.parameter_info, descriptor.annotation, convert
            )
    return _typer_runtime_param(self)


_typer_runtime_param = _TyperParameter.get_runtime_param
_TyperParameter.get_runtime_param = _runtime_param  # type: ignore[method-assign]
