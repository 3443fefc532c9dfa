"""No cycle collection while a process reads or computes over a whole vault: many objects are
made and few freed, and they hold no reference cycles, so collections would only cost time."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """``no_collection`` for a command, whose process ends right after: a tenth of the time of
    reading and computing over a large vault; what was made meanwhile then joins the oldest
    generation, and no collection runs at exit."""
    import atexit
    import gc

    enabled = gc.isenabled()
    try:
        with no_collection():
            yield
    finally:
        if enabled:
            # into the oldest generation, instead of being walked through at once by the first
            # collection after this
            gc.freeze()
            gc.unfreeze()
            atexit.unregister(gc.freeze)
            atexit.register(gc.freeze)  # the objects still there at exit go with the process


@contextlib.contextmanager
def no_collection() -> Iterator[None]:
    """No cycle collection meanwhile, for a process that goes on afterwards (the watcher):
    notes becoming rows hold no cycles, and Python's collector, run again and again as they
    pile up, took a quarter of the time of reading one note of 14 MB (0.4 of 1.6 s). What
    was made meanwhile and is still there then joins the oldest generation, instead of being
    walked through by the next young collection (0.1 s for the rows of that note)."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
