"""Running a job over a large plan without the cyclic garbage collector getting in the way.

Usage::

    @collector_paused()
    def run(backend, cfg, ...):
        snapshot = backend.read(tabs)      # a million rows of lists, dates and strings
        ...

CPython's cycle collector runs after every few hundred new container objects and traverses the
young ones, then, as the data keeps growing, all of it again. A job builds a snapshot and plan
of many millions of objects that hold no reference cycles and drops them whole when it returns;
pausing in smaller pieces would only defer the traversals to the next allocation. So jobs pause
the collector for their whole run (a fifth of a large run, bench/bench_local.py); reference
counting frees everything as usual, and the collector resumes when the run ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause cycle collection for a block or a function (nested use is fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
