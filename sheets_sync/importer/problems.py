"""What can go wrong when a plan is imported, said so an officer can fix it.

Usage::

    raise PlanFileError("Tệp … (… in English)")          # the file cannot be read at all
    Problem("bảng 2, dòng 7", "Không có thời gian thực hiện — điền vào cột ... trên bảng tính")

A ``PlanFileError`` stops the import (a scanned PDF, a password, a damaged file, no task table);
a ``Problem`` is one thing in an otherwise readable plan that was not read (a row without a
task, a missing date): the import goes on and prints it with where it is.
"""

from __future__ import annotations

from dataclasses import dataclass


class PlanFileError(ValueError):
    """The plan file cannot be imported; the message says why and what to do (Vietnamese, then
    English in parentheses)."""


@dataclass(frozen=True, slots=True)
class Problem:
    where: str  # "đầu văn bản", "bảng 2, dòng 7" (the row as counted in the document)
    what: str  # Vietnamese: what is wrong and what to fix

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"
