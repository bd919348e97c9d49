"""Building large data without the cyclic garbage collector getting in the way.

Usage::

    with collector_paused():
        rows = sheet.to_python()        # a million rows of lists, dates and strings

CPython's cycle collector runs after every few hundred new container objects and, as they
survive, rescans them: building a million-row grid triggers thousands of passes over data that
holds no reference cycles, which cost a fifth of a large run (bench/bench_local.py). Reference
counting still frees everything as usual; the collector simply resumes afterwards.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause cycle collection for the block (nested use is fine)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
