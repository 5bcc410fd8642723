"""Keep Python's cyclic garbage collector from rescanning a large loaded repo.

Loading, scoring and diffing allocate millions of small acyclic objects (YAML nodes,
dicts, models) that reference counting frees. The cyclic collector would walk the whole
growing heap again and again: on a 10,000-objective repo that doubled the load time, and
composing node trees for the positions of 5,000 diff findings took 4.5 s instead of 0.8 s
(see bench/README.md).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector inside the block (nested blocks are fine)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_freeze = False


def freeze_after_loading() -> None:
    """Let `freeze_loaded` freeze: for a command-line process, not for a library user."""
    global _freeze
    _freeze = True


def freeze_loaded() -> None:
    """Move every object alive now out of the collector's reach (see above).

    Called once a repo is loaded: its models live until the command ends, so later
    collections need not scan them. Objects still die when their last reference goes;
    only garbage cycles among them would outlive a collection, and models form none. It
    touches the whole process, so only the command line asks for it.
    """
    if _freeze:
        gc.freeze()
