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
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0  # runs in progress, in any thread (serve --plans runs plans side by side)
_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause cycle collection for a block or a function (nested use is fine, in several threads
    too: the collector resumes when the last run ends, as it was before the first began)."""
    global _paused, _was_enabled
    with _lock:
        if _paused == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _was_enabled:
                gc.enable()
