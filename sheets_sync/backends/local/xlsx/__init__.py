"""The .xlsx file format, as much of it as the local backend needs to edit a workbook in place.

Usage::

    patch = WorkbookPatch()
    patch.set("Nhiệm vụ", 4, 8, "Quá hạn", fill="F4CCCC")
    with open(tmp, "wb") as out:
        patch.save("plan.xlsx", out)

Modules follow the format's own nouns: ``package`` (the zip, relationships, content types),
``worksheet`` (streaming cell edits of one sheet part), ``styles`` (cell formats), ``comments``
(notes and their VML drawing), ``patch`` (all of it for one set of edits).
"""

from .package import Package, PackageError
from .patch import WorkbookPatch
from .scan import error_cells
from .worksheet import WorksheetError

__all__ = ["Package", "PackageError", "WorkbookPatch", "WorksheetError", "error_cells"]
