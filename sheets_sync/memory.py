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
_depth: dict[int, int] = {}  # thread -> nested pauses (serve --plans runs plans side by side)
_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause cycle collection for a block or a function (nested use is fine).

    Only while runs are in progress in one thread: when runs overlap on several threads, the
    collector runs as usual until they end. A pause shared by overlapping runs would not end
    while the workers stay busy, and a report's charts and documents leave cycles behind, so a
    round of two hundred reports would pile up gigabytes before anything was freed."""
    global _was_enabled
    me = threading.get_ident()
    with _lock:
        if not _depth:
            _was_enabled = gc.isenabled()
            gc.disable()
        elif me not in _depth and len(_depth) == 1 and _was_enabled:
            gc.enable()  # a run in a second thread: overlapping, so no pause any more
        _depth[me] = _depth.get(me, 0) + 1
    try:
        yield
    finally:
        with _lock:
            _depth[me] -= 1
            if not _depth[me]:
                del _depth[me]
            if not _depth and _was_enabled:
                gc.enable()
