"""The embedded local backend: the plan as an .xlsx workbook, reports in a folder beside it.

``workbook`` reads and writes the plan (``LocalBackend``), ``layout`` makes a new workbook for
``init``, ``xlsx`` patches the parts of an .xlsx package that change, ``files`` writes files
whole or not at all (and explains what the file system refuses), ``lockfiles`` reads the lock
files office programs leave beside an open file, ``state`` is the record kept beside the
reports (their hashes, and ``Nhật ký`` rows waiting for the workbook).
"""

from .workbook import LocalBackend

__all__ = ["LocalBackend"]
