"""How many random seeds each scenario runs: a few in ``make test``, many for the figures.

``RELIABILITY_SEEDS=50 python -m pytest tests/reliability`` runs the long version; the figures of
docs/reliability.md come from ``python -m tests.reliability.figures`` (50 seeds by default).
"""

from __future__ import annotations

import os

DEFAULT = 8  # per scenario in `make test`: the whole suite stays within CI's time


def seeds() -> range:
    return range(int(os.environ.get("RELIABILITY_SEEDS", DEFAULT)))
