"""The fields of a plan's letterhead and signature block.

Usage::

    head = read_letterhead(blocks)
    head.parent, head.name          # "ỦY BAN NHÂN DÂN", "XÃ GIA TÂN"
    head.commune, head.place        # "xã Gia Tân", "Gia Tân"
    head.number, head.issued        # "45/KH-UBND", date(2024, 3, 12)
    head.title, head.year           # "Tuyên truyền … năm 2024", 2024
    head.authority, head.signer_title, head.signer_name
    # ("TM. ỦY BAN NHÂN DÂN",), "CHỦ TỊCH", "Nguyễn Văn A"

A plan (Nghị định 30/2020/NĐ-CP) opens with the issuing body on the left ("ỦY BAN NHÂN DÂN /
XÃ GIA TÂN", or "TỈNH … / ỦY BAN NHÂN DÂN XÃ …" since communes report to the province, or "UBND
HUYỆN … / UBND XÃ …"), the national motto on the right, the number ("Số: 45/KH-UBND") under
the body and the place and date under the motto; then "KẾ HOẠCH" and its title. It ends with
"Nơi nhận" on the left and the signature on the right ("TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH", or
"KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", then the name). Offices lay these out in borderless tables, in
paragraphs with tabs or in text boxes; all of them are read as one stream of lines (a table
cell by cell, a paragraph split at its tabs), and each field is recognised by its words, not
by where it sits.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from ..text import fold, strip_diacritics
from .blocks import Block, Paragraph, Table

HEAD_LINES = 40  # the letterhead is within this many lines of the start
_MOTTO = ("cong hoa xa hoi chu nghia viet nam", "doc lap tu do hanh phuc", "dang cong san viet nam")
# The kinds of document that carry a task table, as their heading prints them.
_KINDS = ("ke hoach", "chuong trinh", "phuong an", "de an")


def _kind(line: str) -> str | None:
    """The kind of document a heading line starts with ("KẾ HOẠCH …"), if any. Without its
    marks "PHƯỜNG AN KHÁNH" (a ward's name) reads as "PHƯƠNG ÁN": a ward is no kind."""
    key = fold(line)
    kind = next((k for k in _KINDS if key == k or key.startswith(f"{k} ")), None)
    if kind == "phuong an" and unicodedata.normalize("NFC", line).lower().startswith("phường"):
        return None
    return kind


_LEVELS = (
    ("thi tran", "thị trấn"),
    ("thi xa", "thị xã"),
    ("thanh pho", "thành phố"),
    ("phuong", "phường"),
    ("huyen", "huyện"),
    ("quan", "quận"),
    ("tinh", "tỉnh"),
    ("xa", "xã"),
)
_NUMBER = re.compile(
    r"^s[oố]\s*[:.]?\s*(?P<number>[^/\s]{0,12}\s*/\s*[^\s/,]+(?:\s*-\s*[^\s/,]+)?)", re.IGNORECASE
)
_DATE = re.compile(
    r"(?P<place>[^,]*?)\s*,?\s*ngay\s*(?P<d>\d{0,2})\s*thang\s*(?P<m>\d{0,2})\s*nam\s*(?P<y>\d{4})"
)
_NUMBER_LABEL = re.compile(r"s[oố]\s*[:.]?", re.IGNORECASE)
_PLACE_NUMERIC_DATE = re.compile(
    r"(?P<place>[^,]*?)\s*,\s*ngay\s*(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4})"
)
_NUMERIC_DATE = re.compile(r"ngay\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})")
_TITLE_YEAR = re.compile(r"(?<!den )(?<!toi )nam\s+(\d{4})\b")
_AUTHORITY = re.compile(r"^(TM|KT|TL|TUQ|Q)\s*\.\s*\S")
_SIGNER_TITLES = ("chu tich", "pho chu tich", "truong ban", "pho truong ban", "giam doc")
_BODY_START = re.compile(r"^(can cu|thuc hien|trien khai|i\s|phan\s|\()")
_BODY_NAME = re.compile(r"\b(uy ban nhan dan|ubnd)\b")


@dataclass(frozen=True)
class Letterhead:
    parent: str = ""  # the line above the issuing body's name, as printed
    name: str = ""  # "XÃ GIA TÂN", or "ỦY BAN NHÂN DÂN XÃ GIA VIỄN"
    level: str = ""  # "xã", "phường", "thị trấn", "huyện", "quận", "thị xã", "thành phố", "tỉnh"
    locality: str = ""  # "Gia Tân"
    number: str = ""  # "45/KH-UBND"; "" when left blank (an unsigned draft)
    abbreviation: str = "UBND"  # the issuer in the number: "45/KH-UBND" -> "UBND"
    place: str = ""  # "Gia Tân" of "Gia Tân, ngày 12 tháng 3 năm 2024"
    issued: date | None = None
    kind: str = "Kế hoạch"  # the document's kind, its heading in sentence case
    title: str = ""  # the trích yếu under "KẾ HOẠCH", as printed
    year: int | None = None  # "năm 2025" in the title
    authority: tuple[str, ...] = ()  # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"
    signer_title: str = ""  # "CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    signer_name: str = ""

    @property
    def commune(self) -> str:
        """ "xã Gia Tân": the level and the locality, as a sentence names the body."""
        return f"{self.level} {self.locality}".strip()


def read_letterhead(blocks: Sequence[Block]) -> Letterhead:
    lines = document_lines(blocks)
    fields: dict[str, object] = {}
    fields |= _issuer(lines)
    fields |= _number(lines)
    fields |= _date(lines)
    title_at, kind, title = _title(lines)
    fields["title"] = title
    fields["kind"] = kind
    fields["year"] = title_year(title)
    fields |= _signature(lines[title_at + 1 :] if title_at >= 0 else lines)
    if not fields.get("number") or fields.get("issued") is None:
        # A plan without its header (an appendix alone): "(Kèm theo Kế hoạch số … ngày …)".
        found = reference_fields(lines)
        fields |= {k: v for k, v in found.items() if not fields.get(k)}
    return Letterhead(**fields)  # type: ignore[arg-type]


def document_lines(blocks: Sequence[Block]) -> list[str]:
    """Every line of the document in reading order: paragraphs split at line breaks, tabs and
    runs of spaces, tables cell by cell; a blank paragraph stays as "" (it ends a title)."""
    lines: list[str] = []
    for block in blocks:
        texts = [block.text] if isinstance(block, Paragraph) else _cell_texts(block)
        for text in texts:
            parts = [" ".join(p.split()) for p in _segments(text)]
            lines += [p for p in parts if p] or [""]
    return [unicodedata.normalize("NFC", line) for line in lines]


def _segments(text: str) -> list[str]:
    """A paragraph's parts: its lines, split at tabs and at runs of spaces, which set the left
    column apart from the right one — but not the blanks of a draft ("Số:      /KH-UBND",
    "ngày      tháng 3"), where what follows goes on the same field."""
    parts: list[str] = []
    for line in re.split(r"[\n\t]", text):
        pieces = re.split(r" {3,}", line)
        joined = pieces[:1]
        for piece in pieces[1:]:
            if _NUMBER_LABEL.fullmatch(joined[-1]) or piece.startswith("/") or piece[:1].islower():
                joined[-1] = f"{joined[-1]} {piece}"
            else:
                joined.append(piece)
        parts += joined
    return parts


def _cell_texts(table: Table) -> list[str]:
    return [cell.text for r in range(table.height) for cell in table.distinct(r)]


def ascii_key(text: str) -> str:
    """Lower-case ASCII of an NFC text, character for character (same length), so a match in
    the key is a slice of the text."""
    return "".join((strip_diacritics(ch) or " ")[0].lower() for ch in text)


def _is_motto(line: str) -> bool:
    key = fold(line)
    return any(m in key for m in _MOTTO)


def _is_rule(line: str) -> bool:
    return bool(line) and not fold(line)


def _is_upper(line: str) -> bool:
    return any(ch.isalpha() for ch in line) and line == line.upper()


def _issuer(lines: list[str]) -> dict[str, object]:
    """Parent and name of the issuing body: the upper-case lines above "Số:"."""
    head: list[str] = []
    for line in lines[:HEAD_LINES]:
        if _NUMBER.match(line) or _kind(line):
            break
        if line and _is_upper(line) and not _is_motto(line) and not _is_rule(line):
            head.append(line.strip(" -_"))
    bodies = [i for i, line in enumerate(head) if _BODY_NAME.search(fold(line))]
    if not head:
        return {}
    at = bodies[-1] if bodies else len(head) - 1
    if fold(head[at]) in ("uy ban nhan dan", "ubnd") and at + 1 < len(head):
        parent, name = head[at], head[at + 1]
    else:
        parent, name = (head[at - 1] if at > 0 else ""), head[at]
    return {"parent": parent, "name": name, **_locality(name)}


def _locality(name: str) -> dict[str, str]:
    words = name.split()
    key_words = fold(name).split()
    for skip in (("uy", "ban", "nhan", "dan"), ("ubnd",)):
        if tuple(key_words[: len(skip)]) == skip:
            words, key_words = words[len(skip) :], key_words[len(skip) :]
    for key, level in _LEVELS:
        size = len(key.split())
        if key_words[:size] == key.split() and len(words) > size:
            return {"level": level, "locality": _proper(" ".join(words[size:]))}
    return {}


def _proper(name: str) -> str:
    """ "GIA TÂN" -> "Gia Tân" (Vietnamese place names capitalise every syllable)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


def _number(lines: list[str]) -> dict[str, object]:
    for line in lines[:HEAD_LINES]:
        found = _NUMBER.match(line)
        if found and "/" in found.group("number"):
            number = re.sub(r"\s+", "", found.group("number")).rstrip(".")
            # "45/KH-UBND" -> UBND, "07-CTr/ĐU" -> ĐU: the issuer ends the number.
            issuer = number.rsplit("/", 1)[-1].rsplit("-", 1)[-1]
            return {
                "number": number if not number.startswith("/") else "",
                "abbreviation": issuer or "UBND",
            }
    return {}


def _date(lines: list[str]) -> dict[str, object]:
    """Place and date: "Gia Tân, ngày 12 tháng 3 năm 2024", also broken over two lines."""
    head = lines[:HEAD_LINES]
    pairs = [f"{a} {b}" for a, b in pairwise(head)]
    for text in (*head, *pairs):  # a date on one line first
        found = _DATE.search(ascii_key(text)) or _PLACE_NUMERIC_DATE.search(ascii_key(text))
        if found is None:
            continue
        place = text[found.start("place") : found.end("place")]
        place = re.sub(r"^[\W_]+", "", place).strip(" ,")
        fields: dict[str, object] = {"place": place} if place and not _is_upper(place) else {}
        with contextlib.suppress(ValueError):  # a draft's "ngày   tháng   năm 2025"
            fields["issued"] = date(int(found["y"]), int(found["m"]), int(found["d"]))
        return fields
    return {}


def _title(lines: list[str]) -> tuple[int, str, str]:
    """Where the heading ("KẾ HOẠCH", "CHƯƠNG TRÌNH", …) is, the kind it names, and the title
    printed under it (or after it on its line)."""
    for i, line in enumerate(lines[: HEAD_LINES * 2]):
        key = fold(line)
        kind = _kind(line)
        if kind is None or not _is_upper(line):
            continue
        size = len(kind.split())
        parts = [" ".join(line.split()[size:])] if key != kind else []
        for following in lines[i + 1 : i + 6]:
            if not following or _is_rule(following):
                if parts:
                    break
                continue
            if parts and (_BODY_START.match(fold(following)) or len(following) > 200):
                break
            parts.append(following)
        name = " ".join(line.split()[:size])
        return i, name[:1] + name[1:].lower(), " ".join(p for p in parts if p)
    return -1, "Kế hoạch", ""


def title_year(text: str) -> int | None:
    """The plan year a title names ("… năm 2025"), not a horizon ("đến năm 2030")."""
    years = _TITLE_YEAR.findall(ascii_key(text))
    return int(years[-1]) if years else None


def _signature(lines: list[str]) -> dict[str, object]:
    for i, line in enumerate(lines):
        if _AUTHORITY.match(line) or fold(line) in _SIGNER_TITLES:
            return _signer_from(lines, i)
    return {}


def _signer_from(lines: list[str], start: int) -> dict[str, object]:
    authority: list[str] = []
    titles: list[str] = []
    for line in lines[start : start + 12]:
        if not line or _is_recipient(line):
            continue
        if _AUTHORITY.match(line) and not titles:
            authority.append(line)
        elif _is_upper(line) and (not titles or not _is_name(line)) and len(titles) < 2:
            titles.append(line)
        elif _is_name(line):
            return {
                "authority": tuple(authority),
                "signer_title": " ".join(titles),
                "signer_name": line,
            }
    return {"authority": tuple(authority), "signer_title": " ".join(titles)}


def _is_recipient(line: str) -> bool:
    key = fold(line)
    return line[:1] in "-+•(" or key.startswith(("noi nhan", "luu", "nhu tren", "da ky"))


def _is_name(line: str) -> bool:
    """ "Nguyễn Văn A": two to six capitalised words, no digits, no office."""
    words = line.split()
    key = fold(line)
    return (
        2 <= len(words) <= 6
        and all(w[:1].isupper() for w in words)
        and not any(ch.isdigit() for ch in line)
        and not any(t in key for t in (*_SIGNER_TITLES, "uy ban", "ubnd", "nhan dan"))
        and ":" not in line
    )


def reference_fields(lines: list[str]) -> dict[str, object]:
    """Number and date from "(Kèm theo Kế hoạch số 13/KH-UBND ngày 05 tháng 02 năm 2024 …)",
    for a plan whose letterhead is missing (an appendix or a table on its own)."""
    for line in lines:
        key = ascii_key(line)
        found = re.search(r"ke hoach so\s*(\d*)\s*/\s*([a-z]+)\s*-\s*([a-z]+)", key)
        if not found:
            continue
        fields: dict[str, object] = {}
        number = line[found.start(1) : found.end(3)]
        number = re.sub(r"\s+", "", number)
        if found.group(1):
            fields["number"] = number
            fields["abbreviation"] = re.sub(r"\s+", "", line[found.start(3) : found.end(3)])
        rest = key[found.end() :]
        words, digits = _DATE.search(rest), _NUMERIC_DATE.search(rest)
        parts = (words["d"], words["m"], words["y"]) if words else digits.groups() if digits else ()
        with contextlib.suppress(ValueError):
            day, month, year = (int(p) for p in parts)
            fields["issued"] = date(year, month, day)
        return fields
    return {}
