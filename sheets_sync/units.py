"""The plan's units: their names as reports print them, and the units a ``Cơ quan chủ trì`` cell
names.

Usage::

    units = unit_list(snapshot, cfg)     # [units] of the config, then the Danh mục tab's
    units.name_of("Văn phòng HĐND& UBND xã")      # 'Công chức Văn phòng HĐND - UBND'
    split_units("Công chức Văn phòng HĐND - UBND, Công chức Kế toán - Ngân sách xã", units)
    # ['Công chức Văn phòng HĐND - UBND', 'Công chức Kế toán - Ngân sách']

Where the names come from: the config's ``[units]`` table (canonical name -> the other ways
people write it) and the ``Danh mục`` tab, whose column headed "Đơn vị" lists canonical names and
whose column "Tên gọi khác" beside it lists other spellings separated by ";". With neither, there
is no list (no other plan's units stand in): every unit is shown as typed, tidied (``tidy``).

A lead cell may name several units, separated by commas or semicolons. Commas also occur inside
a name ("Cơ quan hành chính, đơn vị sự nghiệp trên địa bàn xã"), so a cell is not simply split
on them:

1. the cell is cut at every semicolon into parts, and each part at every comma into pieces;
2. runs of consecutive pieces that together spell a listed unit (its name or another spelling)
   become that unit, longest run first; spelling is compared loosely (``text.fold``), and the
   affixes officers add or drop — a leading "Công chức", a trailing "xã" — do not matter;
3. a remaining piece that starts with a lower-case letter continues the unit before it in the
   same part (unit names are capitalised; "đơn vị sự nghiệp" after a comma is part of the
   previous name), unless that unit is a listed one;
4. whatever is left is a unit of its own, shown as typed, tidied.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from . import contract, lists
from .cells import Cell, as_text, is_blank
from .config import Config
from .text import clean, fold

_PREFIXES = ("cong chuc ",)
_SUFFIXES = (" xa",)
_DASHES = str.maketrans({"–": "-", "—": "-"})
_AMPERSAND = re.compile(r"\s*&\s*")
_SPACED_DASH = re.compile(r"\s+-\s*|\s*-\s+")  # a dash with a space on either side
_ACRONYM_DASH = re.compile(r"(?<=[A-ZĐ])-(?=[A-ZĐ])")  # "HĐND-UBND"
# The Danh mục columns ``lists`` writes: the names, and beside them their other spellings.
NAMES_HEADER, ALIASES_HEADER = lists.HEADER[lists.UNIT], lists.HEADER[lists.OTHER_NAMES]


# Short forms in unit names that officers write either way ("VP HĐND-UBND").
_SHORT = {"vp": "van phong", "uy ban nhan dan": "ubnd", "hoi dong nhan dan": "hdnd"}


def unit_key(name: str) -> str:
    """Loose identity of a unit name: folded, without 'Công chức' before or 'xã' after it,
    "VP" / "Văn phòng" and "UBND" / "Ủy ban nhân dân" alike."""
    key = fold(name)
    for prefix in _PREFIXES:
        key = key.removeprefix(prefix)
    for suffix in _SUFFIXES:
        key = key.removesuffix(suffix)
    key = f" {key} "
    for long, short in _SHORT.items():
        key = key.replace(f" {long} ", f" {short} ")
    return key.strip()


def tidy(name: str) -> str:
    """A unit name as typed, made presentable: one space around '&' and the dash between two
    names ('HĐND& UBND' → 'HĐND & UBND', 'VHTT – TDTT' → 'VHTT - TDTT'), no trailing full
    stop or semicolon, a capital first letter."""
    text = clean(name).translate(_DASHES)
    for pattern, joint in ((_AMPERSAND, " & "), (_SPACED_DASH, " - "), (_ACRONYM_DASH, " - ")):
        text = pattern.sub(joint, text)
    text = text.strip(" .;,-")
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Units:
    """The listed units in report order, and every spelling of them (by ``unit_key``)."""

    names: tuple[str, ...] = ()
    spellings: tuple[tuple[str, str], ...] = ()  # (unit_key of a spelling, listed name)
    _by_key: dict[str, str] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        by_key = dict(self.spellings)
        for name in self.names:
            by_key.setdefault(unit_key(name), name)
        object.__setattr__(self, "_by_key", by_key)

    def listed(self, typed: str) -> str | None:
        """The listed unit ``typed`` spells, if any."""
        return self._by_key.get(unit_key(typed))

    def name_of(self, typed: str) -> str:
        """How a report names a unit: its listed name, else the typed name, tidied."""
        return self.listed(typed) or tidy(typed)

    def order(self, name: str) -> int:
        """Position in the list (unlisted units after every listed one)."""
        try:
            return self.names.index(name)
        except ValueError:
            return len(self.names)


NO_UNITS = Units()


def units_from(table: Mapping[str, Sequence[str]]) -> Units:
    """Units from a canonical name -> other spellings table (the config's ``[units]``)."""
    return _merge([(tidy(name), [clean(a) for a in others]) for name, others in table.items()])


def unit_list(snapshot: Mapping[str, Sequence[Sequence[Cell]]], cfg: Config) -> Units:
    """The plan's units: the config's ``[units]`` first, then the ``Danh mục`` tab's."""
    listed = [(tidy(name), [clean(a) for a in others]) for name, others in cfg.units.items()]
    return _merge(listed + _lists_tab(snapshot.get(contract.LISTS_TITLE) or ()))


def from_lists_tab(grid: Sequence[Sequence[Cell]]) -> Units:
    """The units a ``Danh mục`` tab lists, with their other spellings."""
    return _merge(_lists_tab(grid))


def _merge(entries: Iterable[tuple[str, Sequence[str]]]) -> Units:
    """One unit per loose key: a later entry naming a unit already listed adds its spellings."""
    names: list[str] = []
    spellings: dict[str, str] = {}
    for name, others in entries:
        if not name:
            continue
        canonical = spellings.get(unit_key(name))
        if canonical is None:
            canonical = name
            names.append(name)
            spellings[unit_key(name)] = name
        for other in others:
            if other and unit_key(other):
                spellings.setdefault(unit_key(other), canonical)
    return Units(tuple(names), tuple(spellings.items()))


def _lists_tab(grid: Sequence[Sequence[Cell]]) -> list[tuple[str, list[str]]]:
    """(name, other spellings) from the "Đơn vị" and "Tên gọi khác" columns of ``Danh mục``."""
    for r, row in enumerate(grid[: contract.HEADER_SEARCH_ROWS]):
        heads = [fold(v) if isinstance(v, str) else "" for v in row]
        if fold(NAMES_HEADER) not in heads:
            continue
        c = heads.index(fold(NAMES_HEADER))
        a = heads.index(fold(ALIASES_HEADER)) if fold(ALIASES_HEADER) in heads else None
        found = []
        for line in grid[r + 1 :]:
            name = as_text(line[c]) if c < len(line) and not is_blank(line[c]) else ""
            others = as_text(line[a]) if a is not None and a < len(line) else ""
            if name.strip():
                found.append((tidy(name), [clean(o) for o in others.split(";") if o.strip()]))
        return found
    return []


def split_units(cell: str, units: Units = NO_UNITS) -> list[str]:
    """The units named in a lead cell, in the order they appear, each once."""
    return list(_split(clean(cell), units))


@lru_cache(maxsize=1024)
def _split(cell: str, units: Units) -> tuple[str, ...]:
    found: list[str] = []
    for part in cell.split(";"):
        found += _split_part([p.strip(" .") for p in part.split(",") if p.strip(" .")], units)
    return tuple(dict.fromkeys(found))


def _split_part(pieces: Sequence[str], units: Units) -> list[str]:
    found: list[str] = []
    listed: list[bool] = []
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):  # the longest run of pieces that is a listed unit
            name = units.listed(", ".join(pieces[i:j]))
            if name is not None:
                found.append(name)
                listed.append(True)
                i = j
                break
        else:
            piece = pieces[i]
            if found and piece[0].islower() and not listed[-1]:
                found[-1] = f"{found[-1]}, {piece}"
            else:
                found.append(tidy(piece))
                listed.append(False)
            i += 1
    return found
