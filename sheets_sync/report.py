"""Render a period's summary into the office's .docx template (docxtpl, autoescaped).

Usage::

    document = build_document(summary, cfg, today)
    backend.publish(document)

The template (``templates/bao_cao.docx`` by default, ``[report] template`` in the config) holds
the wording, letterhead and layout; this module only prepares plain values for its tags (listed
in docs/reports.md). Officer-typed text reaches the document escaped and stripped of characters
XML cannot hold, so ``&``, ``<b>``, ``{{ 7*7 }}`` or ``=SUM(A1)`` in a cell appear as typed. A
template the office broke gives a ``ReportError`` that quotes the faulty tag.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from lxml import etree
from markupsafe import Markup

from .aggregate import PeriodSummary, TaskActivity, UnitRow
from .config import Config
from .model import Document
from .periods import ReportingPeriod
from .text import ascii_filename, fold

MAX_PROBLEMS = 20  # listed one by one; the rest are counted (they are noted in the sheet)
NAME_LIMIT = 120  # characters of a report's file name: file systems stop at 255 bytes
PROVISIONAL = "số liệu tạm tính"  # marks a report written before its period ended
CHART_WIDTH = Mm(150)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TAG = re.compile(r"\{[{%].*?[}%]\}", re.DOTALL)


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
    title = f"Báo cáo {subject[:1].lower()}{subject[1:]} {period.name}"
    key, mark = f"report:{period.key}", ""
    if provisional is not None:
        title += f" ({PROVISIONAL} đến ngày {provisional:%d/%m/%Y})"
        key, mark = f"{key}:provisional", f" ({ascii_filename(PROVISIONAL)})"
    stem = ascii_filename(f"Bao cao {period.name} - {cfg.organisation.commune}")
    filename = stem[: NAME_LIMIT - len(mark)].strip(" .") + mark + ".docx"
    return ReportName(key, filename, title)


def vn_date_parts(day: date) -> tuple[str, str, str]:
    """Day, month, year as Nghị định 30 writes them: a leading zero for days under 10 and for
    months 1 and 2 only ("ngày 05 tháng 01 năm 2025", "ngày 15 tháng 10 năm 2024")."""
    return f"{day.day:02d}", f"{day.month:02d}" if day.month <= 2 else str(day.month), str(day.year)


def document_number(period: ReportingPeriod, cfg: Config) -> str:
    """The report's number: ``[report.numbers]`` for this period, else ``[report] number``;
    numbers under 10 get a leading zero (Nghị định 30). Blank leaves room to write it by hand."""
    number = cfg.report.numbers.get(period.key, cfg.report.number).strip()
    if number.isdigit() and int(number) < 10:
        number = f"{int(number):02d}"
    return number or "\u00a0" * 8


def provisional_until(summary: PeriodSummary) -> date | None:
    """The day the figures of a report written before its period ended run to, else None."""
    return summary.as_of if summary.as_of < summary.period.end else None


def build_document(summary: PeriodSummary, cfg: Config, today: date) -> Document:
    name = report_name(summary.period, cfg, provisional_until(summary))
    return Document(name.key, name.filename, name.title, render(summary, cfg, today))


def render(summary: PeriodSummary, cfg: Config, today: date) -> bytes:
    path = cfg.template_path
    template = DocxTemplate(path)
    try:
        template.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReportError(
            f"Không mở được mẫu báo cáo {path} như một tệp .docx ({exc}). "
            f"(Cannot open the report template.)"
        ) from None
    try:
        template.render(context(summary, cfg, today, template), _environment(), autoescape=True)
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
            f"tên trong docs/reports.md. (Unknown name in template tag {tag}.)"
        ) from None
    except jinja2.TemplateError as exc:
        raise ReportError(f"Mẫu báo cáo {path}: lỗi thẻ — {exc}. (Template error.)") from None
    except etree.XMLSyntaxError as exc:
        raise ReportError(
            f"Mẫu báo cáo {path}: thẻ làm hỏng cấu trúc văn bản ({exc}) — đặt mỗi thẻ {{%p %}} "
            f"trong một đoạn riêng, {{%tr %}} trong một dòng bảng riêng. (Template breaks the XML.)"
        ) from None
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def _environment() -> jinja2.Environment:
    # StrictUndefined: a misspelt tag in an edited template fails loudly, naming the tag,
    # instead of silently printing nothing. ``finalize`` drops characters XML 1.0 forbids
    # (a pasted control character would otherwise make the .docx unreadable).
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True, finalize=_xml_safe)


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


# --- the values the template's tags use ---------------------------------------------------------


def context(
    summary: PeriodSummary, cfg: Config, today: date, template: DocxTemplate
) -> dict[str, Any]:
    """Everything the template can name: plain texts and lists, already worded in Vietnamese."""
    day, month, year = vn_date_parts(today)
    period, nxt = summary.period, summary.period.next()
    problems = summary.problems
    return {
        "org": {
            "parent": cfg.organisation.parent.upper(),
            "name": cfg.organisation.name.upper(),
            "abbreviation": cfg.organisation.abbreviation,
            "commune": cfg.organisation.commune,
        },
        "number": document_number(period, cfg),
        "place": cfg.organisation.place,
        "day": day,
        "month": month,
        "year": year,
        "subject": cfg.report.subject,
        "addressee": cfg.report.addressee,
        "plan": {
            "name": cfg.plan.name,
            "about": _about(cfg.plan.name),
            "reference": cfg.plan.reference or cfg.plan.name,
        },
        "period": {
            "name": period.name,
            "key": period.key,
            "start": f"{period.start:%d/%m/%Y}",
            "end": f"{period.end:%d/%m/%Y}",
            "cut_sentence": period.describe_cut(until=summary.as_of),
        },
        "next_period": {"name": nxt.name, "name_upper": nxt.name.upper()},
        "as_of": f"{summary.as_of:%d/%m/%Y}",
        # "" for a period's report; for one written before the period ended, e.g. "số liệu tạm
        # tính đến ngày 15/10/2024": the template shows it under the title and in the body.
        "provisional": _provisional(summary),
        "entries": _number(summary.entries),
        "task_count": len(summary.tasks),
        "active_tasks": sum(1 for t in summary.tasks if t.entries),
        "tasks": [_task_row(t) for t in summary.tasks],
        "doers": [{"name": u, "result": _forms_text(f)} for u, f in summary.doers.items()],
        "by_unit": [_unit_row(r) for r in summary.by_unit],
        "total": _unit_row(summary.total),
        "table_note": _table_note(summary),
        "late": [_late_item(t) for t in summary.late],
        "done_late": [_late_item(t) for t in summary.done_late],
        "problems": [_sentence(p) for p in problems[:MAX_PROBLEMS]],
        "problems_more": max(len(problems) - MAX_PROBLEMS, 0),
        "due_next": [
            {
                "stt": d.activity.task.stt,
                "name": _name(d.activity),
                "what": d.what,
                "lead": _leads(d.activity),
            }
            for d in summary.due_next
        ],
        "recipients": _recipients(cfg.report.recipients),
        "signer": {
            "on_behalf": cfg.report.signer_on_behalf.upper(),
            "title": cfg.report.signer_title.upper(),
            "name": cfg.report.signer_name,
        },
        **_charts(template, summary),
    }


def _charts(template: DocxTemplate, summary: PeriodSummary) -> dict[str, InlineImage | str]:
    # Imported here: matplotlib takes a third of a second to load, and only reports draw.
    from .charts import activity_chart, status_chart

    activity = _image(template, activity_chart(summary)) if summary.entries else ""
    return {"status_chart": _image(template, status_chart(summary)), "activity_chart": activity}


def _image(template: DocxTemplate, png: bytes) -> InlineImage:
    return InlineImage(template, io.BytesIO(png), width=CHART_WIDTH)


def _provisional(summary: PeriodSummary) -> str:
    until = provisional_until(summary)
    return f"{PROVISIONAL} đến ngày {until:%d/%m/%Y}" if until else ""


def _about(plan_name: str) -> str:
    """'Kế hoạch tuyên truyền … năm 2024' → 'tuyên truyền … năm 2024', for 'về …'."""
    words = plan_name.split()
    if len(words) > 2 and fold(" ".join(words[:2])) == "ke hoach":
        words = words[2:]
    text = " ".join(words)
    return _lower_first(text)


def _lower_first(text: str) -> str:
    """Lower-case the first letter of a common word, keep acronyms and names ('TTHC', 'Zalo')."""
    if len(text) > 1 and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")  # Vietnamese digit grouping: 100.000


def _percent(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}".replace(".", ",").removesuffix(",0")
    return f"{text}%"


def _unit_row(row: UnitRow) -> dict[str, Any]:
    return {
        "unit": row.unit,
        "total": row.total,
        "done_on_time": row.done_on_time,
        "done_late": row.done_late,
        "open_on_time": row.open_on_time,
        "open_late": row.open_late,
        "on_time_rate": _percent(row.on_time_rate),
        "late_rate": _percent(row.late_rate),
        "unknown_text": f"; chưa rõ thời hạn {row.unknown}" if row.unknown else "",
    }


def _table_note(summary: PeriodSummary) -> str:
    notes = []
    if any(len(t.leads) > 1 for t in summary.tasks):
        notes.append(
            "Nhiệm vụ có nhiều cơ quan chủ trì được tính cho từng cơ quan; dòng Tổng cộng tính "
            "mỗi nhiệm vụ một lần."
        )
    notes.append("Tỷ lệ tính trên số nhiệm vụ đã xác định được thời hạn.")
    if summary.total.unknown:
        notes.append(
            f"{summary.total.unknown} nhiệm vụ chưa rõ thời hạn không thuộc nhóm nào (xem mục IV)."
        )
    return " ".join(notes)


def _forms_text(by_form: Mapping[str, int]) -> str:
    return "; ".join(f"{_lower_first(form)} {_number(n)}" for form, n in by_form.items())


def _task_row(t: TaskActivity) -> dict[str, Any]:
    result = (
        f"{_number(t.entries)} lượt: {_forms_text(t.by_form)}" if t.entries else "Chưa có kết quả"
    )
    return {
        "stt": t.task.stt,
        "name": t.task.name,
        "lead": t.task.lead or "Chưa ghi",
        "result": result,
        "status": t.status.value,
    }


def _leads(t: TaskActivity) -> str:
    return "; ".join(t.leads)


def _name(t: TaskActivity) -> str:
    """A task's name inside a sentence: without the full stop some officers end it with."""
    return t.task.name.rstrip(". ")


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", ";")) else f"{text}."


def _late_item(t: TaskActivity) -> dict[str, Any]:
    why = t.evaluation.note.split("\n")[0].rstrip(". ")
    return {
        "stt": t.task.stt,
        "name": _name(t),
        "lead": _leads(t),
        "missing": _lower_first(why) if why else "quá hạn",
    }


def _recipients(configured: Sequence[str]) -> list[str]:
    """'- Như trên;' … '- Lưu: VT.': each line ends with a semicolon, the last with a full stop."""
    lines = [r.strip().rstrip(";.") + ";" for r in configured if r.strip()]
    return [*lines, "Lưu: VT."]
