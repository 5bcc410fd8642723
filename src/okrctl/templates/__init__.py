"""Files `okrctl init` writes into a new strategy repo, kept as package data.

`github-workflow.yml` is also the workflow the README documents: one text, one source.
"""

from __future__ import annotations

from importlib import resources


def template(name: str) -> str:
    """The text of one template file of this package."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
