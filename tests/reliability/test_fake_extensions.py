"""What the reliability tests added to the fake Google behaves as Google does: a cell over
50,000 characters is refused, a request cut short is never acted on, a slow answer can come
after the work or with it."""

from __future__ import annotations

import socket

import pytest

from sheets_sync.backends.google.exceptions import GoogleError
from sheets_sync.backends.google.http_client import RetryPolicy
from tests.fake_google import FakeGoogle, Fault
from tests.reliability.day import Plan

POLICY = RetryPolicy(timeout=5, deadline=5, sleep=lambda s: None)


def _write(backend, text: str) -> None:
    backend.call(
        "put",
        f"https://sheets.googleapis.com/v4/spreadsheets/{backend.spreadsheet_id}/values/A1",
        params={"valueInputOption": "RAW"},
        json={"values": [[text]]},
    )


def test_a_cell_over_fifty_thousand_characters_is_refused(fake: FakeGoogle, tmp_path) -> None:
    backend = Plan.on(fake, tmp_path).backend(POLICY)
    _write(backend, "x" * 50_000)
    with pytest.raises(GoogleError, match="maximum of 50000 characters"):
        _write(backend, "x" * 50_001)


def test_a_request_cut_short_is_not_acted_on(fake: FakeGoogle, tmp_path) -> None:
    plan = Plan.on(fake, tmp_path)
    (book,) = fake.spreadsheets.values()
    body = b'{"values": [["c\\u00f3 m\\u1ed9t n\\u1eeda"]]}'
    head = (
        f"PUT /v4/spreadsheets/{book.id}/values/A1?valueInputOption=RAW HTTP/1.1\r\n"
        f"Host: sheets.googleapis.com\r\nContent-Length: {len(body) + 40}\r\n"
        "Content-Type: application/json\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", fake.port)) as sock:
        sock.sendall(head + body)  # the process dies here: the rest never comes
    fake.settle()
    assert book.sheets[0].get(0, 0) != "có một nửa"
    assert plan.cfg.google.spreadsheet_id == book.id


def test_slow_work_lands_after_the_client_gave_up_and_a_slow_answer_after_the_work(
    fake: FakeGoogle, tmp_path
) -> None:
    backend = Plan.on(fake, tmp_path).backend(RetryPolicy(timeout=0.1, deadline=0.1))
    (book,) = fake.spreadsheets.values()
    fake.fail(Fault(delay=0.3), where=lambda r: r.method == "PUT")
    with pytest.raises(GoogleError):
        _write(backend, "muộn")
    assert book.sheets[0].get(0, 0) != "muộn"  # not yet: the work itself is late
    fake.settle()
    assert book.sheets[0].get(0, 0) == "muộn"
    fake.fail(Fault(delay=0.3, slow_answer=True), where=lambda r: r.method == "PUT")
    with pytest.raises(GoogleError):
        _write(backend, "xong")
    assert book.sheets[0].get(0, 0) == "xong"  # done at once, only the answer is late
    fake.settle()
