"""The units a ``Cơ quan chủ trì`` cell names, for the report's table per lead unit.

Usage::

    known = known_units(snapshot)        # the "Đơn vị" list of the Danh mục tab (or the seed's)
    split_units("Công chức Văn phòng HĐND - UBND, Công chức Kế toán - Ngân sách xã", known)
    # ['Công chức Văn phòng HĐND - UBND', 'Công chức Kế toán - Ngân sách']

A lead cell may name several units, separated by commas or semicolons. Commas also occur inside
a name ("Cơ quan hành chính, đơn vị sự nghiệp trên địa bàn xã"), so a cell is not simply split
on them:

1. the cell is cut at every semicolon into parts, and each part at every comma into pieces;
2. runs of consecutive pieces that together spell a known unit become that unit, longest run
   first; spelling is compared loosely (``text.fold``), and the affixes officers add or drop —
   a leading "Công chức", a trailing "xã" — do not matter;
3. a remaining piece that starts with a lower-case letter continues the unit before it in the
   same part (unit names are capitalised; "đơn vị sự nghiệp" after a comma is part of the
   previous name), unless that unit is a known one;
4. whatever is left is a unit of its own, shown as typed.

A known unit is shown under its name from the list, so "Văn phòng HĐND& UBND xã" and
"Công chức Văn phòng HĐND - UBND" are counted as one unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from . import contract, seed
from .cells import Cell, as_text, is_blank
from .text import clean, fold

_PREFIXES = ("cong chuc ",)
_SUFFIXES = (" xa",)


def unit_key(name: str) -> str:
    """Loose identity of a unit name: folded, without 'Công chức' before or 'xã' after it."""
    key = fold(name)
    for prefix in _PREFIXES:
        key = key.removeprefix(prefix)
    for suffix in _SUFFIXES:
        key = key.removesuffix(suffix)
    return key


def known_units(snapshot: Mapping[str, Sequence[Sequence[Cell]]]) -> tuple[str, ...]:
    """The units of the ``Danh mục`` tab's "Đơn vị" column; the seed plan's if there is none."""
    grid = snapshot.get(contract.LISTS_TITLE)
    if not grid:
        return seed.UNITS
    for r, row in enumerate(grid[: contract.HEADER_SEARCH_ROWS]):
        for c, value in enumerate(row):
            if isinstance(value, str) and fold(value) == "don vi":
                names = (as_text(line[c]) for line in grid[r + 1 :] if c < len(line))
                units = tuple(clean(n) for n in names if not is_blank(n))
                return units or seed.UNITS
    return seed.UNITS


def split_units(cell: str, known: Iterable[str] = seed.UNITS) -> list[str]:
    """The units named in a lead cell, in the order they appear, each once."""
    return list(_split(clean(cell), tuple(known)))


@lru_cache(maxsize=1024)
def _split(cell: str, known: tuple[str, ...]) -> tuple[str, ...]:
    names = {unit_key(u): u for u in known}
    found: list[str] = []
    for part in cell.split(";"):
        found += _split_part([p.strip(" .") for p in part.split(",") if p.strip(" .")], names)
    return tuple(dict.fromkeys(found))


def _split_part(pieces: Sequence[str], names: Mapping[str, str]) -> list[str]:
    found: list[str] = []
    i = 0
    while i < len(pieces):
        for j in range(len(pieces), i, -1):  # the longest run of pieces that is a known unit
            name = names.get(unit_key(", ".join(pieces[i:j])))
            if name is not None:
                found.append(name)
                i = j
                break
        else:
            piece = pieces[i]
            if found and piece[0].islower() and not _is_known(found[-1], names):
                found[-1] = f"{found[-1]}, {piece}"
            else:
                found.append(piece)
            i += 1
    return found


def _is_known(name: str, names: Mapping[str, str]) -> bool:
    return names.get(unit_key(name)) == name
