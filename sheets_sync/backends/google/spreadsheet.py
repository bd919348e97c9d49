"""The Google backend: the plan's spreadsheet through gspread, reports in a shared Drive folder.

Usage::

    backend = GoogleBackend(client, "1AbC…sheet", folder, anchor_tab="Nhiệm vụ",
                            account="jobs@x.iam.gserviceaccount.com")
    snapshot = backend.read(["Nhiệm vụ", "Tiến độ", "Nhật ký"])   # 2 requests
    backend.apply(changes)                                          # at most 2 more

Requests, whatever the number of rows (gspread's ``open_by_key``/``worksheet()`` would each add
a metadata read, so its raw calls are used instead):

1. ``spreadsheets.get`` with a field mask: tab ids and sizes, conditional formats, the row
   anchors (developer metadata) and notes;
2. one ``values:batchGet`` of every tab, ``UNFORMATTED_VALUE`` with dates as serial numbers;
3. one ``values:batchUpdateByDataFilter`` (``RAW``) of all job-owned cells;
4. one ``spreadsheets.batchUpdate``: the run-log row, notes, colour rules, new anchors.

**Right row, always.** Each task row the job has written carries row developer metadata (key
``ssr``), which Google moves with the row when officers sort, insert or delete rows. Writes go
through a ``developerMetadataLookup`` on that anchor, so they follow the row; the values array
starts at column A with ``null`` in every cell that is not the job's (the Sheets API skips
nulls), so officers' cells are never written. A row without an anchor yet is written by its
A1 position and gets one. ``includeValuesInResponse`` returns each written row as it now is:
if its STT is not the one read, the sheet moved under us and ``SheetChanged`` makes the job read
again. Colours are conditional-format rules on the status column, so they follow the text
wherever the rows go.

**Said once.** ``spreadsheets.batchUpdate`` is not safe to send twice (it appends a row), so it
carries a run marker (spreadsheet developer metadata with a fresh id); after an ambiguous failure
the marker tells whether the batch already happened. A copy that reaches Google late (the client
gave up waiting, the server still worked on it) creates the same marker id again, which Google
refuses, so the whole copy is refused: markers are never deleted by key, only the oldest by id,
and the last ``MARKERS_KEPT`` stay.
"""

from __future__ import annotations

import json
import logging
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from gspread.exceptions import APIError
from gspread.http_client import HTTPClient

from ...cells import Cell, column_letter, stt_key
from ...model import ChangeSet, Document, Grid, Published, RowWrite, SheetChanged, Snapshot
from . import batch, urls
from .batch import raw_value
from .drive import DriveFolder
from .exceptions import GoogleError, Unavailable, api_error
from .http_client import Ambiguous

log = logging.getLogger("sheets_sync.backends.google")

ROW_KEY = "ssr"  # row anchors; short, as developer metadata counts against Google's size limits
RUN_KEY = "ssrun"  # the markers of the last batchUpdates
MARKERS_KEPT = 10  # a copy of a batch arriving later than this many batches could apply twice
NOTE_MARK = "[Tự động] "  # our notes start with this; officers' notes are never touched
BATCH_ATTEMPTS = 4
READ_FIELDS = (
    "sheets(properties(sheetId,title,gridProperties(rowCount,columnCount,frozenRowCount)),"
    "conditionalFormats(ranges,booleanRule(condition(type,values))),"
    "protectedRanges(protectedRangeId,description,range),"
    "data(rowMetadata(developerMetadata(metadataId,metadataKey)),rowData(values(note)))),"
    "developerMetadata(metadataId,metadataKey,metadataValue)"
)
_UPDATED_ROW = re.compile(r"!\$?[A-Z]+\$?(\d+)")


@dataclass
class _Tab:
    """What a read learned about one tab, beyond its values."""

    sheet_id: int
    title: str
    rows: int
    columns: int
    frozen: int = 0
    anchors: dict[int, int] = field(default_factory=dict)  # row -> metadataId
    extra_anchors: list[int] = field(default_factory=list)  # second anchors on a row
    notes: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> text
    rules: list[dict] = field(default_factory=list)  # conditional format rules
    protected: list[dict] = field(default_factory=list)  # protected ranges


@dataclass
class _State:
    tabs: dict[str, _Tab]
    run_markers: list[tuple[str, int]]  # (when, metadataId) of the batches' markers
    ids: UniqueIds  # knows every metadata id the read saw


class UniqueIds:
    """Fresh positive 31-bit ids for developer metadata (and new tabs): random, and never one
    already in the sheet or already handed out — 100,000 anchors drawn at random would
    otherwise collide (the birthday problem), and Google refuses a duplicate id."""

    def __init__(self, taken: Iterable[int] = ()) -> None:
        self.taken = set(taken)
        self._rng = random.SystemRandom()

    def __call__(self) -> int:
        while True:
            candidate = self._rng.randint(1, 2**31 - 1)
            if candidate not in self.taken:
                self.taken.add(candidate)
                return candidate


class GoogleBackend:
    def __init__(
        self,
        client: HTTPClient,
        spreadsheet_id: str,
        folder: DriveFolder | None,
        *,
        anchor_tab: str,
        account: str | None = None,
    ) -> None:
        self.client = client
        self.spreadsheet_id = spreadsheet_id
        self.folder = folder
        self.anchor_tab = anchor_tab  # the tab whose rows carry anchors (the tasks)
        self.account = account
        self._state: _State | None = None

    def describe(self) -> str:
        folder = f", Drive folder {self.folder.folder_id}" if self.folder else ""
        who = f" as {self.account}" if self.account else ""
        return f"Google spreadsheet {self.spreadsheet_id}{folder}{who}"

    # --- calls ----------------------------------------------------------------------------------

    def call(self, method: str, url: str, **kwargs: Any) -> dict:
        """One Sheets API call through gspread's raw client, errors as clear messages."""
        try:
            response = self.client.request(method, url, **kwargs)
        except APIError as exc:
            raise api_error(
                exc.response,
                what="bảng tính / spreadsheet",
                ident=self.spreadsheet_id,
                account=self.account,
            ) from None
        # json.loads on the bytes: response.json() would first decode a copy of the whole body
        # to text (130 MB for a million-row tab).
        return json.loads(response.content) if response.content else {}

    # --- reading ------------------------------------------------------------------------------

    def read(self, tabs: Sequence[str]) -> Snapshot:
        self._state = self._read_state()
        present = [t for t in tabs if t in self._state.tabs]
        titles = tuple(self._state.tabs)
        if not present:
            return Snapshot({}, titles=titles)
        data = self.call(
            "get",
            urls.VALUES_BATCH_GET % self.spreadsheet_id,
            params={
                "ranges": [urls.a1_tab(t) for t in present],
                "valueRenderOption": "UNFORMATTED_VALUE",
                "dateTimeRenderOption": "SERIAL_NUMBER",
                "majorDimension": "ROWS",
            },
        )
        grids: dict[str, Grid] = {}
        for title, value_range in zip(present, data.get("valueRanges", []), strict=True):
            grids[title] = value_range.get("values", [])  # fresh lists from the JSON: no copy
        return Snapshot(grids, titles=titles)

    def _read_state(self) -> _State:
        data = self.call(
            "get", urls.SPREADSHEET % self.spreadsheet_id, params={"fields": READ_FIELDS}
        )
        tabs: dict[str, _Tab] = {}
        for sheet in data.get("sheets", []):
            props = sheet.get("properties", {})
            grid = props.get("gridProperties", {})
            tab = _Tab(
                int(props.get("sheetId", 0)),
                props.get("title", ""),
                int(grid.get("rowCount", 0)),
                int(grid.get("columnCount", 0)),
                int(grid.get("frozenRowCount", 0)),
                rules=sheet.get("conditionalFormats", []),
                protected=sheet.get("protectedRanges", []),
            )
            for block in sheet.get("data", []):
                self._read_block(tab, block)
            tabs[tab.title] = tab
        markers = [
            (str(m.get("metadataValue", "")), int(m["metadataId"]))
            for m in data.get("developerMetadata", [])
            if m.get("metadataKey") == RUN_KEY
        ]
        taken = [*(mid for _, mid in markers), *(t.sheet_id for t in tabs.values())]
        for tab in tabs.values():
            taken += [*tab.anchors.values(), *tab.extra_anchors]
        return _State(tabs, markers, UniqueIds(taken))

    def _read_block(self, tab: _Tab, block: Mapping[str, Any]) -> None:
        # A block has an entry per row (a million on a long log), mostly empty: skip those fast.
        start = int(block.get("startRow", 0))
        if tab.title == self.anchor_tab:
            for i, meta in enumerate(block.get("rowMetadata", [])):
                if not meta:
                    continue
                ids = [
                    int(m["metadataId"])
                    for m in meta.get("developerMetadata", [])
                    if m.get("metadataKey") == ROW_KEY
                ]
                if ids:
                    tab.anchors[start + i] = ids[0]
                    tab.extra_anchors += ids[1:]
        first_col = int(block.get("startColumn", 0))
        for i, row in enumerate(block.get("rowData", [])):
            for c, cell in enumerate(row.get("values", ()) if row else ()):
                if cell.get("note"):
                    tab.notes[(start + i, first_col + c)] = cell["note"]

    def _known(self) -> _State:
        """What the last read learned about the sheet (reading it first if nothing was)."""
        if self._state is None:
            self._state = self._read_state()
        return self._state

    @property
    def ids(self) -> UniqueIds:
        """Where new metadata (and tab) ids come from: unique in the sheet as last read."""
        return self._known().ids

    def tab(self, title: str) -> _Tab | None:
        """What the last read learned about a tab (reading it first if needed)."""
        return self._known().tabs.get(title)

    # --- writing ------------------------------------------------------------------------------

    def apply(self, changes: ChangeSet, expected_version: str | None = None) -> None:
        """Write ``changes``; ``expected_version`` is not used (rows are anchored instead)."""
        self._known()  # the rows, anchors and tabs the writes are checked against
        confirmed = self._write_values(changes.writes) if changes.writes else {}
        requests = self._requests(changes, confirmed)
        if requests:
            self.send_batch(requests)
        self._state = None  # the next apply must not trust what this one changed

    def _write_values(self, writes: Sequence[RowWrite]) -> dict[tuple[str, int], int]:
        """Write every job cell in one request; return each verified row's current index."""
        plan: list[tuple[RowWrite, dict]] = []
        for write in writes:
            tab = self.tab(write.tab)
            if tab is None:
                raise SheetChanged(f"tab {write.tab!r} disappeared")
            plan.append((write, self._data_filter(tab, write)))
        body = {
            "valueInputOption": "RAW",
            "includeValuesInResponse": True,
            "responseValueRenderOption": "UNFORMATTED_VALUE",
            "responseDateTimeRenderOption": "SERIAL_NUMBER",
            "data": [
                {"dataFilter": f, "majorDimension": "ROWS", "values": [_row_values(w.cells)]}
                for w, f in plan
            ],
        }
        try:
            reply = self.call(
                "post", urls.VALUES_BATCH_UPDATE_BY_DATA_FILTER % self.spreadsheet_id, json=body
            )
        except GoogleError as exc:
            # Should Google refuse a filter whose row is gone rather than skip it, the cure is
            # the same: read again (the anchor is gone) and write what is still there.
            if exc.status == 400 and "filter" in str(exc).lower():
                raise SheetChanged(f"an anchored row vanished during the write: {exc}") from None
            raise
        return self._verify(plan, reply.get("responses", []))

    def _data_filter(self, tab: _Tab, write: RowWrite) -> dict:
        anchor = tab.anchors.get(write.row)
        if anchor is not None:
            return {"developerMetadataLookup": {"metadataId": anchor}}
        last = column_letter(max(write.cells))
        return {"a1Range": f"{urls.a1_tab(tab.title)}!A{write.row + 1}:{last}{write.row + 1}"}

    def _verify(self, plan, responses: list[dict]) -> dict[tuple[str, int], int]:
        """Check each written row still holds the task it was computed for."""
        by_filter = {_key(r.get("dataFilter", {})): r for r in responses}
        confirmed: dict[tuple[str, int], int] = {}
        moved: list[str] = []
        for write, data_filter in plan:
            response = by_filter.get(_key(data_filter))
            if response is None:  # the anchored row was deleted meanwhile: nothing to write
                log.info("%s row %d was deleted before the write", write.tab, write.row + 1)
                continue
            now_at = _row_index(response.get("updatedRange", ""))
            values = (response.get("updatedData", {}).get("values") or [[]])[0]
            if write.anchor is not None and write.anchor_col is not None:
                col = write.anchor_col
                found = stt_key(values[col] if col < len(values) else None)
                if found != write.anchor:
                    where = f"{write.tab}!{write.row + 1}"
                    moved.append(f"{where}: expected {write.anchor!r}, found {found!r}")
                    continue
            if now_at is not None:
                confirmed[(write.tab, write.row)] = now_at
        if moved:
            raise SheetChanged(f"{len(moved)} rows moved during the write ({'; '.join(moved[:3])})")
        return confirmed

    def _requests(self, changes: ChangeSet, confirmed: Mapping[tuple[str, int], int]) -> list[dict]:
        requests: list[dict] = []
        new_ids: dict[str, int] = {}
        for title, header in changes.new_tabs.items():
            if self.tab(title) is None:
                new_ids[title] = self.ids()
                requests += new_tab(
                    new_ids[title], title, header, hidden=title in changes.hidden_tabs
                )
        for title, row in changes.appends:
            tab = self.tab(title)
            sheet_id = new_ids[title] if tab is None else tab.sheet_id
            requests.append(batch.append_row(sheet_id, row))
        requests += self._colour_rules(changes)
        requests += self._date_formats(changes.writes, confirmed)
        requests += self._notes(changes)
        requests += self._anchors(changes.writes, confirmed)
        return requests

    def _run_marker(self, marker: int) -> list[dict]:
        """This batch's marker (its presence proves the batch), and the oldest markers deleted
        by id, so that the last ``MARKERS_KEPT`` remain and a late copy of a recent batch finds
        its id taken."""
        older = sorted(self._known().run_markers, reverse=True)[MARKERS_KEPT - 1 :]
        out = [batch.delete_metadata({"metadataId": mid}) for _, mid in older]
        when = datetime.now().isoformat()
        out.append(batch.metadata(marker, RUN_KEY, {"spreadsheet": True}, when))
        return out

    def _colour_rules(self, changes: ChangeSet) -> list[dict]:
        """Conditional colours for each status text on its column, where a rule is missing."""
        wanted: dict[tuple[str, int], dict[str, str]] = {}
        for fill in changes.fills:
            if fill.text:
                wanted.setdefault((fill.tab, fill.col), {})[fill.text] = fill.rgb
        requests = []
        for (title, col), colours in wanted.items():
            tab = self.tab(title)
            if tab is None:
                continue
            have = rule_texts(tab, col)
            for text, rgb in sorted(colours.items()):
                if text not in have:
                    requests.append(batch.colour_rule(tab.sheet_id, col, text, rgb))
        return requests

    def _date_formats(self, writes, confirmed) -> list[dict]:
        """Dates go in as serial numbers; give the cells written with dates a date format."""
        spans: dict[tuple[str, int], list[int]] = {}
        for write in writes:
            at = confirmed.get((write.tab, write.row))
            if at is None:
                continue
            for col, value in write.cells.items():
                if isinstance(value, date):
                    spans.setdefault((write.tab, col), []).append(at)
        requests = []
        for (title, col), rows in spans.items():
            tab = self.tab(title)
            assert tab is not None
            requests.append(batch.number_format(tab.sheet_id, min(rows), max(rows) + 1, col))
        return requests

    def _notes(self, changes: ChangeSet) -> list[dict]:
        """Our notes on each note tab become exactly ``changes.notes``; officers' stay."""
        requests = []
        for title in changes.note_tabs:
            tab = self.tab(title)
            if tab is None:
                continue
            wanted = {(n.row, n.col): NOTE_MARK + n.text for n in changes.notes if n.tab == title}
            for (r, c), text in sorted(tab.notes.items()):
                if text.startswith(NOTE_MARK) and (r, c) not in wanted:
                    requests.append(batch.note(tab.sheet_id, r, c, None))
            for (r, c), text in sorted(wanted.items()):
                current = tab.notes.get((r, c))
                if current == text or (current and not current.startswith(NOTE_MARK)):
                    continue  # already there, or an officer's own note: never cover it
                requests.append(batch.note(tab.sheet_id, r, c, text))
        return requests

    def _anchors(self, writes, confirmed) -> list[dict]:
        tab = self.tab(self.anchor_tab)
        if tab is None:
            return []
        requests = [batch.delete_metadata({"metadataId": m}) for m in tab.extra_anchors]
        for write in writes:
            at = confirmed.get((write.tab, write.row))
            new_row = write.tab == tab.title and write.anchor and write.row not in tab.anchors
            if new_row and at is not None:  # task rows, and the header when it was written
                requests.append(anchor_request(tab.sheet_id, at, self.ids()))
        return requests

    def send_batch(self, requests: list[dict]) -> None:
        """One spreadsheets.batchUpdate, sent once even if Google fails mid-way (run marker)."""
        marker = self.ids()  # reads the sheet first if nothing was read
        body = {"requests": self._run_marker(marker) + requests}
        url = urls.SPREADSHEET_BATCH_UPDATE % self.spreadsheet_id
        for attempt in range(1, BATCH_ATTEMPTS + 1):
            try:
                self.call("post", url, json=body)
                return
            except Ambiguous as exc:
                if self._marker_exists(marker):
                    log.info("batchUpdate had gone through before %s", exc)
                    return
                log.warning("batchUpdate: %s, not applied; sending again (%d)", exc, attempt)
            except GoogleError as exc:
                # Sent again, refused: a late copy of an earlier attempt may have taken the
                # marker's id. Then the batch happened once, as wanted.
                if attempt > 1 and exc.status == 400 and self._marker_exists(marker):
                    log.info("batchUpdate had gone through late: %s", exc)
                    return
                raise
        raise Unavailable(
            f"Google không nhận được thay đổi sau {BATCH_ATTEMPTS} lần gửi — chạy lại sau. "
            f"(The spreadsheet batchUpdate failed {BATCH_ATTEMPTS} times.)"
        )

    def _marker_exists(self, marker: int) -> bool:
        try:
            self.call("get", urls.DEVELOPER_METADATA % (self.spreadsheet_id, marker))
        except GoogleError as exc:
            if exc.status == 404:
                return False
            raise
        return True

    # --- reports ----------------------------------------------------------------------------------

    def publish(self, document: Document) -> Published:
        return self._folder().publish(document)

    def find_document(self, key: str, filename: str) -> str | None:
        found = self._folder().find(key, (filename.rsplit(".", 1)[0],))
        return found.link or found.id if found else None

    def defer(self, changes: ChangeSet) -> bool:
        """A Google Sheet that cannot be written now is not waited for: the run fails."""
        return False

    def _folder(self) -> DriveFolder:
        if self.folder is None:
            raise GoogleError(
                "Chưa có thư mục Drive cho báo cáo — ghi folder_id trong mục [google] hoặc dùng "
                "--folder-id. (No Drive folder: set [google] folder_id or pass --folder-id.)"
            )
        return self.folder


# --- request bodies -------------------------------------------------------------------------------


def _key(data_filter: Mapping[str, Any]) -> str:
    lookup = data_filter.get("developerMetadataLookup")
    if lookup is not None:
        return f"m{int(lookup.get('metadataId', 0))}"
    return f"a{data_filter.get('a1Range', '')}"


def _row_index(updated_range: str) -> int | None:
    m = _UPDATED_ROW.search(updated_range)
    return int(m.group(1)) - 1 if m else None


def _row_values(cells: Mapping[int, Cell]) -> list[Any]:
    """Column A to the last job cell; ``None`` (JSON null: left alone) everywhere else."""
    row: list[Any] = [None] * (max(cells) + 1)
    for col, value in cells.items():
        row[col] = raw_value(value)
    return row


def new_tab(
    sheet_id: int, title: str, header: Sequence[str], *, hidden: bool = False
) -> list[dict]:
    """A tab with a bold, frozen header; a tab only the jobs use is hidden, and editing it
    warns (the owner of the spreadsheet can always edit: a warning is all Google allows us)."""
    requests = [
        batch.add_tab(sheet_id, title, hidden=hidden),
        batch.header_cells(sheet_id, 0, 0, header),
    ]
    if hidden:
        grid = batch.grid_range(sheet_id, None, None, None, None)
        requests.append(batch.protect(grid, "sheets-sync: bảng ghi nhớ của máy — không sửa"))
    return requests


def anchor_request(sheet_id: int, row: int, metadata_id: int) -> dict:
    """Row developer metadata that identifies the row wherever officers move it."""
    return batch.metadata(metadata_id, ROW_KEY, batch.row_location(sheet_id, row))


def rule_texts(tab: _Tab, col: int) -> set[str]:
    """Status texts that already have a colour rule covering column ``col``."""
    texts = set()
    for rule in tab.rules:
        covers = any(
            r.get("startColumnIndex", 0) <= col < r.get("endColumnIndex", tab.columns)
            for r in rule.get("ranges", [])
        )
        condition = rule.get("booleanRule", {}).get("condition", {})
        if covers and condition.get("type") == "TEXT_EQ":
            texts |= {v.get("userEnteredValue") for v in condition.get("values", [])}
    return texts
