"""Cell notes (comments): the comments part and the VML drawing that shows them.

Usage::

    merged = merge_notes(old_comments_xml, old_vml, {(16, 0): "Ngày không có thật"}, "sheets-sync")
    merged.comments      # bytes of xl/comments/commentN.xml
    merged.vml           # bytes of the legacy drawing

Notes written by ``author`` become exactly the wanted set; everyone else's comments, and their
boxes in the drawing, are kept as they are, and a wanted note never covers an officer's comment.
openpyxl's own comment classes read and write both parts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from openpyxl.comments.comment_sheet import CommentRecord, CommentSheet
from openpyxl.comments.shape_writer import ShapeWriter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.xml.functions import fromstring, tostring

from ....cells import column_letter
from ....text import storable

_V = "urn:schemas-microsoft-com:vml"
_X = "urn:schemas-microsoft-com:office:excel"
NOTE_SIZE = (90, 300)  # height, width of a note's box in pixels: room for a Vietnamese sentence


@dataclass(frozen=True)
class MergedNotes:
    comments: bytes
    vml: bytes
    count: int  # comments on the sheet after the merge


def merge_notes(
    comments: bytes | None,
    vml: bytes | None,
    wanted: Mapping[tuple[int, int], str],
    author: str,
) -> MergedNotes:
    """Our notes on a sheet become ``wanted`` ((row, col) 0-based -> text); others stay."""
    records = _records(comments)
    wanted_refs = {f"{column_letter(c)}{r + 1}": storable(text) for (r, c), text in wanted.items()}
    kept, removed = [], set()
    for record in records:
        ours = record.author == author
        if ours and record.ref not in wanted_refs:
            removed.add(record.ref)
            continue
        if ours:
            record.text.t, record.text.r = wanted_refs[record.ref], []
        kept.append(record)
    present = {r.ref for r in kept}
    added = []
    for ref, text in wanted_refs.items():
        if ref not in present:  # an officer's comment on the cell wins; ours is left out
            record = CommentRecord(ref=ref, author=author, height=NOTE_SIZE[0], width=NOTE_SIZE[1])
            record.text.t = text
            added.append(record)
    kept += added
    kept.sort(key=lambda r: coordinate_to_tuple(r.ref))
    sheet = CommentSheet.from_comments(kept)
    return MergedNotes(tostring(sheet.to_tree()), _drawing(vml, kept, removed, added), len(kept))


def _records(comments: bytes | None) -> list[CommentRecord]:
    if not comments:
        return []
    sheet = CommentSheet.from_tree(fromstring(comments))
    authors = sheet.authors.author
    records = list(sheet.commentList)
    for record in records:
        record.author = authors[record.authorId] if record.authorId < len(authors) else None
    return records


def _drawing(
    vml: bytes | None, kept: list[CommentRecord], removed: set[str], added: list[CommentRecord]
) -> bytes:
    """The VML with boxes for removed notes taken out and boxes for new ones added."""
    root = None
    if vml:
        try:
            root = fromstring(vml)
        except Exception:  # a drawing we cannot parse is drawn again from the comments
            root = None
    if root is None:
        return ShapeWriter([(r.ref, r) for r in kept]).write(None)
    gone = {coordinate_to_tuple(ref) for ref in removed | {r.ref for r in added}}
    ids = [0x400]
    for shape in [child for child in root if child.tag == f"{{{_V}}}shape"]:
        ids.append(_shape_number(shape.get("id", "")))
        data = shape.find(f"{{{_X}}}ClientData")
        if data is None or data.get("ObjectType") != "Note":
            continue
        row, col = _int(data.findtext(f"{{{_X}}}Row")), _int(data.findtext(f"{{{_X}}}Column"))
        if (row + 1, col + 1) in gone:
            root.remove(shape)
    writer = ShapeWriter([])
    if root.find(f"{{{_V}}}shapetype[@id='_x0000_t202']") is None:
        writer.add_comment_shapetype(root)
    for number, record in enumerate(added, start=max(ids) + 1):
        writer.add_comment_shape(root, number, record.ref, record.height, record.width)
    return tostring(root)


def _shape_number(shape_id: str) -> int:
    digits = shape_id.rpartition("_s")[2]
    return int(digits) if digits.isdigit() else 0


def _int(text: str | None) -> int:
    try:
        return int((text or "").strip())
    except ValueError:
        return -10
