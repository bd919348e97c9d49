"""The embedded local backend: the plan as an .xlsx workbook, reports in a folder beside it.

``workbook`` reads and writes the plan (``LocalBackend``), ``layout`` makes a new workbook for
``init``, ``xlsx`` patches the parts of an .xlsx package that change, ``files`` writes files
whole or not at all.
"""

from .workbook import LocalBackend

__all__ = ["LocalBackend"]
