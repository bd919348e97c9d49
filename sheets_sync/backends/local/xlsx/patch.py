"""A set of cell edits written into a copy of an .xlsx file, touching only the parts they need.

Usage::

    edits = WorkbookPatch()
    edits.set("Nhiệm vụ", 4, 8, "Quá hạn", fill="F4CCCC")     # 0-based row and column
    edits.peek("Nhiệm vụ", 4, 0)                               # report what the STT cell holds
    edits.replace_notes("Tiến độ", {(16, 0): "Ngày không có thật"}, author="sheets-sync")
    edits.append("Nhật ký", [datetime.now(), "flag", "Thành công"])
    with open(tmp, "wb") as out:
        peeked = edits.save("plan.xlsx", out)               # {("Nhiệm vụ", 4, 0): 1}

Worksheets with edits are streamed through ``worksheet.patch``; ``styles.xml``, the comments,
their drawings, relationships and content types are small and edited as trees; every other
member of the zip is copied byte for byte. A tab that does not exist is created by
``add_sheet`` with its header row frozen.
"""

from __future__ import annotations

import io
import posixpath
from collections import defaultdict
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from ....cells import Cell
from . import scan, worksheet
from .comments import merge_notes
from .package import (
    COMMENTS_CT,
    CT_NS,
    DOC_REL,
    MAIN_NS,
    REL_TYPE,
    RELS_CT,
    RELS_NS,
    VML_CT,
    WORKSHEET_CT,
    DeflatedPart,
    Package,
    PackageWriter,
    rels_part,
    xml_bytes,
)
from .styles import StyleBook
from .worksheet import KEEP, CellEdit, RawValue

NEW_SHEET = (
    f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{DOC_REL}"><dimension ref="A1"/>'
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
    'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" '
    'sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData/>'
    "{protection}"
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    "</worksheet>"
)
# A tab only the jobs use: protected without a password (Excel and LibreOffice refuse edits
# until someone unprotects it on purpose).
PROTECTION = '<sheetProtection sheet="1" objects="1" scenarios="1"/>'


@dataclass
class _Notes:
    wanted: dict[tuple[int, int], str]
    author: str


@dataclass
class _Plan:
    """What saving decides before writing: parts to rewrite, create and drop."""

    sheets: dict[str, str] = field(default_factory=dict)  # title -> part
    new_sheets: dict[str, str] = field(default_factory=dict)  # title -> new part
    parts: dict[str, bytes] = field(default_factory=dict)  # small parts written whole
    legacy: dict[str, str] = field(default_factory=dict)  # sheet part -> rel id to insert
    content_types: list[tuple[str, str]] = field(default_factory=list)  # (part, type)
    rels: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # added rels
    dropped: set[str] = field(default_factory=set)


class WorkbookPatch:
    def __init__(self) -> None:
        self.cells: dict[str, dict[int, dict[int, CellEdit]]] = defaultdict(dict)
        self.peeks: dict[str, set[tuple[int, int]]] = defaultdict(set)
        self.notes: dict[str, _Notes] = {}
        self.new_sheets: list[str] = []
        self.hidden_sheets: set[str] = set()
        self.appends: dict[str, list[Sequence[Cell]]] = defaultdict(list)
        self.names: dict[str, str] = {}  # global defined names to set (name -> reference)

    def set(self, tab: str, row: int, col: int, value: Cell, *, fill: str | None = None) -> None:
        self.cells[tab].setdefault(row, {})[col] = CellEdit(value, fill)

    def fill(self, tab: str, row: int, col: int, rgb: str) -> None:
        old = self.cells[tab].setdefault(row, {}).get(col, CellEdit())
        self.cells[tab][row][col] = CellEdit(old.value, rgb)

    def peek(self, tab: str, row: int, col: int) -> None:
        self.peeks[tab].add((row, col))

    def replace_notes(self, tab: str, wanted: Mapping[tuple[int, int], str], author: str) -> None:
        self.notes[tab] = _Notes(dict(wanted), author)

    def add_sheet(self, title: str, *, hidden: bool = False) -> None:
        """A new tab; a ``hidden`` one is also protected (a tab only the jobs use)."""
        self.new_sheets.append(title)
        if hidden:
            self.hidden_sheets.add(title)

    def append(self, tab: str, values: Sequence[Cell]) -> None:
        self.appends[tab].append(values)

    def define(self, name: str, reference: str) -> None:
        """Point the workbook's defined name ``name`` at ``reference`` (made if missing)."""
        self.names[name] = reference

    # --- writing -------------------------------------------------------------------------

    def save(self, source: str | Path, target: BinaryIO) -> dict[tuple[str, int, int], Cell]:
        """Write the patched copy of ``source`` to ``target``; return the peeked cells."""
        with Package(str(source)) as pkg:
            return _Saver(self, pkg, target).run()


class _Saver:
    def __init__(self, patch: WorkbookPatch, pkg: Package, target: BinaryIO) -> None:
        self.patch, self.pkg = patch, pkg
        self.out = PackageWriter(target)
        self.plan = _Plan()
        self.workbook = pkg.workbook_part()
        self.styles_part = pkg.related(self.workbook, "styles") or "xl/styles.xml"
        self.styles = StyleBook(pkg.read(self.styles_part) if self.styles_part in pkg else None)
        self.taken: set[str] = set()
        self._workbook_root: etree._Element | None = None

    def run(self) -> dict[tuple[str, int, int], Cell]:
        self._sheets()
        self._appends()
        for title in self.patch.notes:
            self._notes(title)
        raw: dict[tuple[str, int, int], RawValue] = {}
        formulas_removed = False
        sheets = {**self.plan.sheets, **self.plan.new_sheets}
        date1904 = self.pkg.date1904()
        # Two sheets at once: one is mostly Python (cell edits), a big one mostly zlib, which
        # runs without the GIL.
        with ThreadPoolExecutor(max_workers=2) as pool:
            done = {
                part: pool.submit(self._patch_sheet, title, part, date1904)
                for title, part in sheets.items()
            }
            for title, part in sheets.items():
                deflated, result = done[part].result()
                self.out.add(part, deflated)
                raw.update({(title, r, c): v for (r, c), v in result.peeked.items()})
                formulas_removed |= result.formulas_removed
        if formulas_removed:
            self._drop_calc_chain()
        if self.styles.changed:
            self.plan.parts[self.styles_part] = self.styles.to_bytes()
            if self.styles_part not in self.pkg:
                self._relate(self.workbook, REL_TYPE["styles"], self.styles_part)
                self._content_type(self.styles_part, _STYLES_CT)
        self._write_small_parts()
        self.out.close()
        return self._resolve(raw)

    # --- deciding

    def _sheets(self) -> None:
        existing = self.pkg.sheets()
        for title in self.patch.new_sheets:
            if title in existing or title in self.plan.new_sheets:
                continue
            part = self.pkg.unused_name("xl/worksheets/sheet{}.xml", self.taken)
            self.taken.add(part)
            self.plan.new_sheets[title] = part
        for title in {*self.patch.cells, *self.patch.peeks, *self.patch.appends}:
            if title in existing:
                self.plan.sheets[title] = existing[title].part
            elif title not in self.plan.new_sheets:
                raise worksheet.WorksheetError(f"no tab named '{title}'")
        if self.plan.new_sheets:
            self._register_new_sheets(existing)
        if self.patch.names:
            self._define_names()

    def _workbook_xml(self) -> etree._Element:
        """workbook.xml as this save rewrites it (parsed once, edits accumulate)."""
        if self._workbook_root is None:
            self._workbook_root = self.pkg.xml(self.workbook)
        return self._workbook_root

    def _define_names(self) -> None:
        root = self._workbook_xml()
        names = root.find(f"{{{MAIN_NS}}}definedNames")
        if names is None:  # it follows <sheets> (CT_Workbook's sequence)
            names = etree.Element(f"{{{MAIN_NS}}}definedNames")
            root.find(f"{{{MAIN_NS}}}sheets").addnext(names)
        for name, reference in self.patch.names.items():
            found = [
                d
                for d in names.iter(f"{{{MAIN_NS}}}definedName")
                if d.get("name") == name and d.get("localSheetId") is None
            ]
            element = found[0] if found else etree.SubElement(names, f"{{{MAIN_NS}}}definedName")
            element.set("name", name)
            element.text = reference
        self.plan.parts[self.workbook] = xml_bytes(root)

    def _register_new_sheets(self, existing: Mapping[str, object]) -> None:
        root = self._workbook_xml()
        sheets = root.find(f"{{{MAIN_NS}}}sheets")
        ids = [int(s.get("sheetId", "0")) for s in sheets.iter(f"{{{MAIN_NS}}}sheet")]
        for title, part in self.plan.new_sheets.items():
            rel_id = self._relate(self.workbook, REL_TYPE["worksheet"], part)
            ids.append(max(ids, default=0) + 1)
            element = etree.SubElement(sheets, f"{{{MAIN_NS}}}sheet")
            element.set("name", title)
            element.set("sheetId", str(ids[-1]))
            if title in self.patch.hidden_sheets:
                element.set("state", "hidden")
            element.set(f"{{{DOC_REL}}}id", rel_id)
            self._content_type(part, WORKSHEET_CT)
        self.plan.parts[self.workbook] = xml_bytes(root)

    def _appends(self) -> None:
        for title, rows in self.patch.appends.items():
            part = self.plan.sheets.get(title) or self.plan.new_sheets[title]
            last = -1
            if part in self.pkg:
                with self.pkg.open(part) as src:
                    last = scan.last_row(src)
            edits = self.patch.cells[title]
            written = [r for r, cols in edits.items() if _has_value(cols)]
            row = max([last, *written]) + 1
            for values in rows:  # a blank row appended is a row: the next goes below it
                for col, value in enumerate(values):
                    if value is not None:
                        edits.setdefault(row, {})[col] = CellEdit(value)
                row += 1

    def _notes(self, title: str) -> None:
        notes = self.patch.notes[title]
        part = self.plan.sheets.get(title) or self.plan.new_sheets.get(title)
        if part is None:
            if title not in (existing := self.pkg.sheets()):
                return
            part = existing[title].part
        rels = [] if part in self.plan.new_sheets.values() else self.pkg.rels(part)
        comments = next((r.target for r in rels if r.type == REL_TYPE["comments"]), None)
        if comments is None and not notes.wanted:
            return
        vml = self._legacy_vml(part, rels, comments is not None)
        merged = merge_notes(
            self.pkg.read(comments) if comments and comments in self.pkg else None,
            self.pkg.read(vml) if vml and vml in self.pkg else None,
            notes.wanted,
            notes.author,
        )
        if comments is None:
            comments = self._new_part("xl/comments/comment{}.xml")
            self._relate(part, REL_TYPE["comments"], comments)
            self._content_type(comments, COMMENTS_CT)
        if vml is None:
            vml = self._new_part("xl/drawings/vmlDrawing{}.vml")
            self.plan.legacy[part] = self._relate(part, REL_TYPE["vmlDrawing"], vml)
            self.plan.sheets.setdefault(title, part)  # the sheet must point at its drawing
            self._content_type(vml, VML_CT)
        self.plan.parts[comments] = merged.comments
        self.plan.parts[vml] = merged.vml

    def _legacy_vml(self, part: str, rels: list, has_comments: bool) -> str | None:
        """The VML part the sheet's <legacyDrawing> points at, if it has one."""
        drawings = {r.id: r.target for r in rels if r.type == REL_TYPE["vmlDrawing"]}
        if not drawings:
            return None
        if has_comments and len(drawings) == 1:
            return next(iter(drawings.values()))
        with self.pkg.open(part) as src:  # several drawings: the sheet says which one
            rel_id = scan.legacy_drawing_id(src)
        return drawings.get(rel_id) if rel_id else None

    def _drop_calc_chain(self) -> None:
        """Excel's calculation order lists formula cells; one we overwrote would corrupt it."""
        chain = self.pkg.related(self.workbook, "calcChain")
        if chain is None:
            return
        self.plan.dropped.add(chain)
        rels_name = rels_part(self.workbook)
        root = etree.fromstring(self.plan.parts.get(rels_name) or self.pkg.read(rels_name))
        for rel in list(root):
            if rel.get("Type") == REL_TYPE["calcChain"]:
                root.remove(rel)
        self.plan.parts[rels_name] = xml_bytes(root)

    # --- package bookkeeping

    def _new_part(self, pattern: str) -> str:
        name = self.pkg.unused_name(pattern, self.taken)
        self.taken.add(name)
        return name

    def _relate(self, source: str, rel_type: str, target: str) -> str:
        """Add a relationship from ``source`` to ``target``; return its new id."""
        name = rels_part(source)
        if name in self.plan.parts:
            root = etree.fromstring(self.plan.parts[name])
        elif name in self.pkg:
            root = self.pkg.xml(name)
        else:
            root = etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
            self._content_type_default("rels", RELS_CT)
        ids = {rel.get("Id") for rel in root}
        n = 1
        while f"rId{n}" in ids:
            n += 1
        rel = etree.SubElement(root, f"{{{RELS_NS}}}Relationship")
        rel.set("Id", f"rId{n}")
        rel.set("Type", rel_type)
        rel.set("Target", posixpath.relpath(target, posixpath.dirname(source) or "."))
        self.plan.parts[name] = xml_bytes(root)
        return f"rId{n}"

    def _content_types(self) -> etree._Element:
        name = "[Content_Types].xml"
        return etree.fromstring(self.plan.parts.get(name) or self.pkg.read(name))

    def _content_type(self, part: str, content_type: str) -> None:
        root = self._content_types()
        extension = part.rpartition(".")[2]
        for child in root:
            if child.get("PartName") == f"/{part}" or (
                child.get("Extension", "").lower() == extension and content_type == VML_CT
            ):
                return
        override = etree.SubElement(root, f"{{{CT_NS}}}Override")
        override.set("PartName", f"/{part}")
        override.set("ContentType", content_type)
        self.plan.parts["[Content_Types].xml"] = xml_bytes(root)

    def _content_type_default(self, extension: str, content_type: str) -> None:
        root = self._content_types()
        if any(c.get("Extension", "").lower() == extension for c in root):
            return
        default = etree.Element(f"{{{CT_NS}}}Default")
        default.set("Extension", extension)
        default.set("ContentType", content_type)
        root.insert(0, default)
        self.plan.parts["[Content_Types].xml"] = xml_bytes(root)

    # --- writing

    def _patch_sheet(
        self, title: str, part: str, date1904: bool
    ) -> tuple[DeflatedPart, worksheet.PatchResult]:
        new = part in self.plan.new_sheets.values()
        if new:
            protection = PROTECTION if title in self.patch.hidden_sheets else ""
            src: BinaryIO = io.BytesIO(NEW_SHEET.format(protection=protection).encode())
        else:
            src = self.pkg.open(part)
        with src, DeflatedPart() as dst:
            result = worksheet.patch(
                src,
                dst,
                self.patch.cells.get(title, {}),
                self.styles,
                peek=self.patch.peeks.get(title, set()),
                legacy_drawing=self.plan.legacy.get(part),
                date1904=date1904,
            )
        return dst, result

    def _write_small_parts(self) -> None:
        if self.plan.dropped:
            root = self._content_types()
            for child in list(root):
                if child.get("PartName", "").lstrip("/") in self.plan.dropped:
                    root.remove(child)
            self.plan.parts["[Content_Types].xml"] = xml_bytes(root)
        written = {*self.plan.sheets.values(), *self.plan.new_sheets.values()}
        for name in self.pkg.names():
            if name in written or name in self.plan.dropped:
                continue
            if name in self.plan.parts:
                self.out.write(name, self.plan.parts[name])
            else:
                self.out.copy(self.pkg, name)
            written.add(name)
        for name, data in self.plan.parts.items():
            if name not in written:
                self.out.write(name, data)

    def _resolve(self, raw: Mapping[_Key, RawValue]) -> dict[_Key, Cell]:
        wanted = {int(v.text) for v in raw.values() if v.type == "s" and v.text}
        strings = self._shared_strings(wanted) if wanted else {}
        return {key: _cell_value(v, strings) for key, v in raw.items()}

    def _shared_strings(self, wanted: set[int]) -> dict[int, str]:
        part = self.pkg.related(self.workbook, "sharedStrings")
        if part is None or part not in self.pkg:
            return {}
        found: dict[int, str] = {}
        last = max(wanted)
        with self.pkg.open(part) as src:
            for i, (_, si) in enumerate(etree.iterparse(src, tag=f"{{{MAIN_NS}}}si")):
                if i in wanted:
                    found[i] = "".join(
                        t.text or ""
                        for t in si.iter(f"{{{MAIN_NS}}}t")
                        if t.getparent().tag != f"{{{MAIN_NS}}}rPh"
                    )
                si.clear()
                if i >= last:
                    break
        return found


_Key = tuple[str, int, int]
_STYLES_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"


def _has_value(cells: Mapping[int, CellEdit]) -> bool:
    return any(edit.value not in (KEEP, None, "") for edit in cells.values())


def _cell_value(raw: RawValue, strings: Mapping[int, str]) -> Cell:
    text = raw.text
    if text is None:
        return None
    if raw.type == "s":
        return strings.get(int(text)) if text.isdigit() else None
    if raw.type == "b":
        return text.strip() in ("1", "true")
    if raw.type == "n":
        try:
            return float(text) if any(ch in text for ch in ".eE") else int(text)
        except ValueError:
            return text
    return text
