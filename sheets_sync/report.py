"""Render a period's report, and any document of the same kind, from the office's .docx template
(docxtpl, autoescaped).

Usage::

    document = build_document(summary, cfg, today, remarks)
    backend.publish(document)

The template (``templates/bao_cao.docx`` by default, ``[report] template`` in the config) holds
the wording, letterhead and layout, and the phrases the sentences are made of (macros whose body
is one paragraph, printed inline where they are called); ``report_values`` only prepares plain
values for its tags (listed in docs/reports.md). Officer-typed text reaches the document escaped
and stripped of characters XML cannot hold, so ``&``, ``<b>``, ``{{ 7*7 }}`` or ``=SUM(A1)`` in a
cell appear as typed. A template the office broke gives a ``ReportError`` that quotes the faulty
tag.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import Markup

from .aggregate import PeriodSummary
from .config import Config
from .model import Document
from .periods import ReportingPeriod
from .remarks import Remarks
from .report_values import FILTERS, PROVISIONAL, provisional_until, report_values
from .report_values import provisional as provisional_mark
from .text import ascii_filename

__all__ = [
    "ReportError",
    "ReportName",
    "build_document",
    "document_name",
    "render",
    "render_template",
    "report_name",
]

NAME_LIMIT = 120  # characters of a report's file name: file systems stop at 255 bytes
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TAG = re.compile(r"\{[{%].*?[}%]\}", re.DOTALL)
# A macro and its body, once docxtpl has turned the {%p macro %} paragraphs into bare tags.
_MACRO = re.compile(r"(\{%-?\s*macro\b.*?%\})(.*?)(\{%-?\s*endmacro\s*-?%\})", re.DOTALL)
_PARAGRAPH = re.compile(r"<w:p[ >]")


class ReportError(Exception):
    """The template cannot be rendered; the message quotes the tag or names the file."""


@dataclass(frozen=True, slots=True)
class ReportName:
    key: str
    filename: str
    title: str


def report_name(
    period: ReportingPeriod, cfg: Config, provisional: date | None = None
) -> ReportName:
    """Stable identity of a period's report: the same on every run.

    The file name is a plain name for the output folder whatever the config says: no path
    separators or dots to climb out of the folder, at most ``NAME_LIMIT`` characters.
    ``provisional``: the day figures run to in a report written before its period ended; its
    key, file name and title say "số liệu tạm tính", so it never passes for (or replaces, or
    stands in for, in catch-up) the period's report."""
    subject = cfg.report.subject
    return document_name(
        f"report:{period.key}",
        f"Báo cáo {subject[:1].lower()}{subject[1:]} {period.name}",
        f"Bao cao {period.name} - {cfg.organisation.commune}",
        provisional,
    )


def document_name(key: str, title: str, stem: str, provisional: date | None) -> ReportName:
    """A document's key, .docx file name (from ``stem``, made a plain name) and title; a
    provisional one (``provisional``: the day its figures run to) is marked in all three."""
    mark = ""
    if provisional is not None:
        title += f" ({provisional_mark(provisional)})"
        key, mark = f"{key}:provisional", f" ({ascii_filename(PROVISIONAL)})"
    plain = ascii_filename(stem)
    return ReportName(key, plain[: NAME_LIMIT - len(mark)].strip(" .") + mark + ".docx", title)


def build_document(
    summary: PeriodSummary, cfg: Config, today: date, remarks: Remarks | None = None
) -> Document:
    name = report_name(summary.period, cfg, provisional_until(summary))
    return Document(name.key, name.filename, name.title, render(summary, cfg, today, remarks))


def render(
    summary: PeriodSummary, cfg: Config, today: date, remarks: Remarks | None = None
) -> bytes:
    return render_template(
        cfg.template_path, lambda t: report_values(summary, cfg, today, remarks, t)
    )


class _Template(DocxTemplate):
    """docxtpl, with phrase macros: a macro whose body is one paragraph is printed inline where
    it is called (its text without the paragraph around it), so a template keeps its phrases
    in one place and uses them inside sentences and table cells."""

    def patch_xml(self, src_xml: str) -> str:
        return _MACRO.sub(_inline_body, super().patch_xml(src_xml))


def _inline_body(m: re.Match[str]) -> str:
    body = m.group(2)
    if len(_PARAGRAPH.findall(body)) != 1:
        return m.group(0)  # a paragraph-level macro: called as {{p name() }}
    return m.group(1) + re.sub(r"<[^>]+>", "", body) + m.group(3)


def render_template(
    path: Path,
    values: Callable[[DocxTemplate], dict[str, Any]],
    names: str = "docs/reports.md",
) -> bytes:
    """Fill the template at ``path`` with ``values(template)``; a ``ReportError`` names the tag
    or the file when the template cannot be used (``names``: where the usable names are listed)."""
    template = _Template(path)
    try:
        template.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReportError(
            f"Không mở được mẫu báo cáo {path} như một tệp .docx ({exc}). "
            f"(Cannot open the report template.)"
        ) from None
    try:
        template.render(values(template), _environment(), autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        tag = _syntax_culprit(template, list(getattr(exc, "docx_context", ())))
        why = (exc.message or "").rstrip(".")
        raise ReportError(
            f"Mẫu báo cáo {path}: thẻ viết sai{tag} — {why}. Sửa thẻ trong mẫu "
            f"(dạng {{{{ tên }}}} hoặc {{% lệnh %}}). (Template syntax error: {why}.)"
        ) from None
    except jinja2.UndefinedError as exc:
        tag = _tag_naming(template, exc.message or "")
        raise ReportError(
            f"Mẫu báo cáo {path}: thẻ {tag} dùng tên không có ({exc.message}) — xem danh sách "
            f"tên trong {names}. (Unknown name in template tag {tag}.)"
        ) from None
    except jinja2.TemplateError as exc:
        raise ReportError(f"Mẫu báo cáo {path}: lỗi thẻ — {exc}. (Template error.)") from None
    except etree.XMLSyntaxError as exc:
        raise ReportError(
            f"Mẫu báo cáo {path}: thẻ làm hỏng cấu trúc văn bản ({exc}) — đặt mỗi thẻ {{%p %}} "
            f"trong một đoạn riêng, {{%tr %}} trong một dòng bảng riêng. (Template breaks the XML.)"
        ) from None
    _fit_cells(template.docx)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _fit_cells(document: DocxDocument) -> None:
    """Every cell as wide as the grid columns it spans. A {%tc for %} loop changes a table's
    columns (docxtpl rescales the grid); cells keep the width the template gave them, and
    clients disagree about which of the two to believe."""
    for tbl in document.element.body.iter(qn("w:tbl")):
        grid = tbl.find(qn("w:tblGrid"))
        if grid is None:
            continue
        widths = [int(float(c.get(qn("w:w"), "0"))) for c in grid.findall(qn("w:gridCol"))]
        for tr in tbl.findall(qn("w:tr")):
            column = 0
            for tc in tr.findall(qn("w:tc")):
                pr = tc.find(qn("w:tcPr"))
                span_el = pr.find(qn("w:gridSpan")) if pr is not None else None
                span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
                width = pr.find(qn("w:tcW")) if pr is not None else None
                if width is not None and column + span <= len(widths):
                    width.set(qn("w:w"), str(sum(widths[column : column + span])))
                    width.set(qn("w:type"), "dxa")
                column += span


def _environment() -> jinja2.Environment:
    """The Jinja2 environment every report template is rendered in (the rollup's too)."""
    # StrictUndefined: a misspelt tag in an edited template fails loudly, naming the tag,
    # instead of silently printing nothing. ``finalize`` drops characters XML 1.0 forbids
    # (a pasted control character would otherwise make the .docx unreadable).
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True, finalize=_xml_safe)
    env.filters.update(FILTERS)
    return env


def _xml_safe(value: Any) -> Any:
    if isinstance(value, str) and not isinstance(value, Markup):
        return _XML_ILLEGAL.sub("", value)
    return value


def _syntax_culprit(template: DocxTemplate, context_lines: Sequence[str]) -> str:
    """The tag a syntax error comes from, e.g. ' «{{ subject »', from the paragraphs docxtpl
    quotes around the error: a tag never closed, a print tag that does not parse, else the
    block ({% if %}, {% for %}) the template opens and never ends."""
    fragments = _FRAGMENT.findall("\n".join(context_lines))
    culprit = next((f for f in fragments if not _CLOSED.match(f)), None)
    culprit = culprit or next((f for f in fragments if f.startswith("{{") and not _parses(f)), None)
    culprit = culprit or _unclosed_block(_template_text(template))
    culprit = culprit or (fragments[0] if fragments else "")
    return f" «{culprit.strip()[:80]}»" if culprit else ""


_FRAGMENT = re.compile(r"\{[{%].*?(?=\{[{%]|$)", re.MULTILINE)  # an opening to the next one
_CLOSED = re.compile(r"\{([{%]).*?[}%]\}")
_BLOCK = re.compile(r"\{%-?\s*(?:p|tr|tc|r)?\s*(end)?(if|for)\b.*?%\}")


def _parses(tag: str) -> bool:
    closed = _CLOSED.match(tag)
    try:
        jinja2.Environment().parse(closed.group() if closed else tag)
    except jinja2.TemplateSyntaxError:
        return False
    return True


def _unclosed_block(text: str) -> str | None:
    opened: list[tuple[str, str]] = []
    for m in _BLOCK.finditer(text):
        if not m.group(1):
            opened.append((m.group(2), m.group()))
        elif opened and opened[-1][0] == m.group(2):
            opened.pop()
        else:
            return m.group()  # an end without its opening
    return opened[-1][1] if opened else None


def _template_text(template: DocxTemplate) -> str:
    return re.sub(r"<[^>]+>", "", template.get_xml())


def _tag_naming(template: DocxTemplate, message: str) -> str:
    """The first tag in the template that uses the name the error message quotes."""
    names = re.findall(r"'([^']+)'", message)
    name = names[-1] if names else ""
    for tag in _TAG.findall(_template_text(template)):
        if name and re.search(rf"\b{re.escape(name)}\b", tag):
            return f"«{tag[:80]}»"
    return f"«{name}»" if name else "(không rõ)"
