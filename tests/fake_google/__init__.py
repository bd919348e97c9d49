"""A local fake of the Google REST endpoints the product uses: Sheets v4, Drive v3, OAuth.

See ``server.py`` for usage, ``quota.py`` for Sheets' per-minute quotas and ``schema.py`` for
how request bodies are checked against Google's discovery documents.
"""

from .quota import Quotas, busiest_minute
from .server import TRANSIENT, FakeGoogle, Fault, Incoming

__all__ = ["TRANSIENT", "FakeGoogle", "Fault", "Incoming", "Quotas", "busiest_minute"]
