"""The numbers Word prints in front of list paragraphs ("1.", "a)", "II."), which are not text.

Usage::

    numbers = ListNumbers.of(docx_document)
    for p in paragraphs_in_document_order:
        numbers.label(p)        # "2." for the second item of a "%1." list, "" if not in a list

A task table's STT column is often Word's automatic numbering: the cell holds no text, and the
number on the page comes from ``numbering.xml``. Labels are computed the way Word counts: in
document order, one counter per list and level, deeper levels restarting under a new item, a
``startOverride`` restarting a list. Bullets read as "-". It covers the numbering formats plans
use (decimal, letters, Roman numerals); any other format is counted as decimal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn

_LEVELS = 9


@dataclass(frozen=True, slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass(slots=True)
class ListNumbers:
    abstract_of: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    levels: dict[str, list[_Level]] = field(default_factory=dict)  # abstractNumId -> levels
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> level -> start
    style_numbering: dict[str, tuple[str, int]] = field(default_factory=dict)  # style -> list
    counters: dict[str, list[int | None]] = field(default_factory=dict)  # abstractNumId -> counts
    started: set[str] = field(default_factory=set)  # numIds already used

    @classmethod
    def of(cls, document: Any) -> ListNumbers:
        """The lists of a python-docx ``Document`` (none if it has no numbering part)."""
        numbers = cls()
        try:
            numbering = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            numbering = None
        if numbering is not None:
            numbers._read_numbering(numbering)
        numbers._read_styles(document.styles.element)
        return numbers

    def _read_numbering(self, root: Any) -> None:
        for abstract in root.iterchildren(qn("w:abstractNum")):
            levels = [_Level() for _ in range(_LEVELS)]
            for lvl in abstract.iterchildren(qn("w:lvl")):
                ilvl = _int(lvl.get(qn("w:ilvl")), 0)
                if 0 <= ilvl < _LEVELS:
                    levels[ilvl] = _Level(
                        start=_int(_val(lvl, "w:start"), 1),
                        fmt=_val(lvl, "w:numFmt") or "decimal",
                        text=_val(lvl, "w:lvlText") or "",
                    )
            self.levels[abstract.get(qn("w:abstractNumId"), "")] = levels
        for num in root.iterchildren(qn("w:num")):
            num_id = num.get(qn("w:numId"), "")
            self.abstract_of[num_id] = _val(num, "w:abstractNumId") or ""
            for override in num.iterchildren(qn("w:lvlOverride")):
                start = _val(override, "w:startOverride")
                if start is not None:
                    ilvl = _int(override.get(qn("w:ilvl")), 0)
                    self.overrides.setdefault(num_id, {})[ilvl] = _int(start, 1)

    def _read_styles(self, root: Any) -> None:
        own: dict[str, tuple[str, int] | None] = {}
        based_on: dict[str, str] = {}
        for style in root.iterchildren(qn("w:style")):
            style_id = style.get(qn("w:styleId"), "")
            parent = _val(style, "w:basedOn")
            if parent:
                based_on[style_id] = parent
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            own[style_id] = _num_pr(num_pr) if num_pr is not None else None
        for style_id in own:
            seen, current = set(), style_id
            while current and current not in seen:  # basedOn chains may loop in bad files
                seen.add(current)
                if own.get(current):
                    self.style_numbering[style_id] = own[current]  # type: ignore[assignment]
                    break
                current = based_on.get(current, "")

    def label(self, paragraph: Any) -> str:
        """The number Word shows before this ``w:p`` (counting it), or ""."""
        found = self._numbering_of(paragraph)
        if found is None:
            return ""
        num_id, ilvl = found
        abstract = self.abstract_of.get(num_id)
        if abstract is None or abstract not in self.levels or num_id == "0":
            return ""
        levels = self.levels[abstract]
        ilvl = min(max(ilvl, 0), _LEVELS - 1)
        counts = self.counters.setdefault(abstract, [None] * _LEVELS)
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in self.overrides.get(num_id, {}).items():
                if 0 <= level < _LEVELS:
                    counts[level] = start - 1
        current = counts[ilvl]
        counts[ilvl] = levels[ilvl].start if current is None else current + 1
        for deeper in range(ilvl + 1, _LEVELS):
            counts[deeper] = None
        if levels[ilvl].fmt == "bullet":
            return "-"
        if levels[ilvl].fmt == "none":
            return ""
        text = levels[ilvl].text
        for level in range(_LEVELS):
            count = counts[level] if counts[level] is not None else levels[level].start
            text = text.replace(f"%{level + 1}", _format(count, levels[level].fmt))
        return text

    def _numbering_of(self, paragraph: Any) -> tuple[str, int] | None:
        p_pr = paragraph.find(qn("w:pPr"))
        if p_pr is None:
            return None
        num_pr = p_pr.find(qn("w:numPr"))
        if num_pr is not None:
            return _num_pr(num_pr)
        style = _val(p_pr, "w:pStyle")
        return self.style_numbering.get(style) if style else None


def _num_pr(num_pr: Any) -> tuple[str, int]:
    return _val(num_pr, "w:numId") or "0", _int(_val(num_pr, "w:ilvl"), 0)


def _val(parent: Any, tag: str) -> str | None:
    child = parent.find(qn(tag))
    return None if child is None else child.get(qn("w:val"))


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _format(count: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        roman = roman_numeral(count)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("a") + (count - 1) % 26) * ((count - 1) // 26 + 1) if count > 0 else ""
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt == "decimalZero":
        return f"{count:02d}"
    return str(count)


def roman_numeral(number: int) -> str:
    """1 -> "I", 14 -> "XIV" (plans number their parts with these)."""
    values = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out
