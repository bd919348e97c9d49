"""A local fake of the Google REST endpoints the product uses: Sheets v4, Drive v3, OAuth.

See ``server.py`` for usage and ``schema.py`` for how request bodies are checked against
Google's discovery documents.
"""

from .server import TRANSIENT, FakeGoogle, Fault, Incoming

__all__ = ["TRANSIENT", "FakeGoogle", "Fault", "Incoming"]
