"""The plan's own units, for the ``Danh mục`` list and the config's ``[units]``.

Usage::

    >>> split_cell("Đài truyền thanh xã; các ban, ngành đoàn thể")
    ['Đài truyền thanh xã', 'các ban, ngành đoàn thể']
    >>> plan_units([Task("1", "Họp", lead="Văn phòng HĐND - UBND"),
    ...             Task("2", "Tập huấn", lead="VP HĐND-UBND; Công chức Văn phòng HĐND - UBND xã")])
    {'Văn phòng HĐND - UBND': ['VP HĐND-UBND', 'Công chức Văn phòng HĐND - UBND xã']}

A lead or coordinating cell names its units one per line, or separated by ";" or ",". A comma
also occurs inside one unit's name ("Cơ quan hành chính, đơn vị sự nghiệp trên địa bàn xã",
"các ban, ngành đoàn thể"): unit names start with a capital letter, so a piece after a comma
(or a line) that starts in lower case continues the unit before it — unless it starts as units
do ("các …", "công chức …", "phòng …"). Spellings of one unit ("Văn phòng HĐND& UBND xã",
"Công chức Văn phòng HĐND - UBND", "VP HĐND-UBND") share a key (``units.unit_key``); the
commonest spelling (the first of equals) is the name, with a capital first letter, the others
its other spellings.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..units import unit_key
from .tasks import Task

_EDGES = " \t-+•*.;,:"
# Lower-case words that start a unit of their own after a comma.
_STARTS = (
    "các ", "công chức ", "cán bộ ", "phòng ", "ban ", "văn phòng ", "ủy ban ", "uỷ ban ",
    "ubnd ", "đài ", "trường ", "trạm ", "trung tâm ", "hội ", "đoàn ", "bộ phận ", "công an ",
    "quân sự ", "chi cục ", "sở ", "mặt trận ", "người ", "tổ ",
)  # fmt: skip


def split_cell(text: str) -> list[str]:
    """The units a lead or coordinating cell names, in order, as typed."""
    units: list[str] = []
    joiner = ""  # how a lower-case piece joins the unit before it; "" after a semicolon
    for line in text.split("\n"):
        for number, part in enumerate(line.split(";")):
            if number:
                joiner = ""
            for piece in part.split(","):
                name = " ".join(piece.split()).strip(_EDGES)
                if name and units and joiner and _continues(name):
                    units[-1] = f"{units[-1]}{joiner}{name}"
                elif name:
                    units.append(name)
                joiner = ", " if name or joiner else ""
        # A unit wrapped onto the next line goes on after a space, or after the comma it ended on.
        joiner = ", " if line.rstrip().endswith(",") else " " if line.strip() else ""
    return units


def _continues(piece: str) -> bool:
    return piece[:1].islower() and not piece.lower().startswith(_STARTS)


def plan_units(tasks: Iterable[Task]) -> dict[str, list[str]]:
    """Canonical unit name -> its other spellings: lead units first, in order of appearance."""
    tasks = list(tasks)
    spellings: dict[str, Counter[str]] = {}
    order: list[str] = []
    for cells in ([t.lead for t in tasks], [t.partners for t in tasks]):
        for cell in cells:
            for name in split_cell(cell):
                key = unit_key(name)
                if not key:
                    continue
                if key not in spellings:
                    spellings[key] = Counter()
                    order.append(key)
                spellings[key][name] += 1
    units: dict[str, list[str]] = {}
    for key in order:
        ranked = [name for name, _ in spellings[key].most_common()]
        name = ranked[0][:1].upper() + ranked[0][1:]  # a list item: "Các ban, ngành đoàn thể"
        units[name] = [spelling for spelling in ranked if spelling != name]
    return units
