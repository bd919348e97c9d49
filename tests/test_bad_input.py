"""Bad input found by the messy-sheet corpus (tests/messy), one test per fix: every cell the jobs
cannot use gets a short Vietnamese note that names the cell and says what to type, and nothing an
officer can type breaks a run."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from sheets_sync.backends.base import CellNote, ChangeSet, RowWrite
from sheets_sync.backends.local import NOTE_AUTHOR, LocalBackend
from sheets_sync.text import clean, quote

def test_a_control_character_in_a_note_leaves_a_workbook_that_opens(workbook: Path):
    """A note quoting pasted text with a bell character made lxml refuse the comments part,
    and the run crashed. The character is dropped; the note and the cell are written."""
    changes = ChangeSet(
        writes=[RowWrite("Nhiệm vụ", 3, {9: "Thời hạn 'Quý\x0bI': không hiểu"}, 0, "1")],
        notes=[CellNote("Tiến độ", 1, 1, "STT nhiệm vụ '9\x07' không có")],
        note_tabs=("Tiến độ",),
    )
    LocalBackend(workbook).apply(changes)
    wb = openpyxl.load_workbook(workbook)
    assert wb["Tiến độ"]["B2"].comment.text == "STT nhiệm vụ '9' không có"
    assert wb["Tiến độ"]["B2"].comment.author == NOTE_AUTHOR
    assert wb["Nhiệm vụ"]["J4"].value == "Thời hạn 'QuýI': không hiểu"


def test_quote_keeps_one_short_line_and_display_text_has_no_control_characters():
    assert quote("  Đã   xong\n rồi ") == "'Đã xong rồi'"
    assert quote("x" * 100, 10) == "'xxxxxxxxx…'"
    assert clean("Văn phòng\x07 UBND\x00") == "Văn phòng UBND"  # a chart label, a report line
