"""Google's per-minute quotas: the fake enforces them as Google does, and a round over many plans
paced by ``quota.py`` is never refused. Time is compressed on both sides (the fake's quotas and
the product's pacer count on ``time.monotonic() * SPEED``), and nothing here times anything:
the tests count requests per sliding minute in the fake's log."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest
import requests
from google.auth.transport.requests import AuthorizedSession
from google.auth.transport.requests import Request as TokenRequest
from google.oauth2 import service_account

from jobs import flag
from sheets_sync import contract, runlog, seed
from sheets_sync.backends.google import quota
from sheets_sync.backends.google.http_client import LoopbackAdapter, RetryPolicy
from sheets_sync.backends.local.layout import create_workbook
from sheets_sync.config import Config, ConfigError, GoogleSection, QuotaSection, key_for, load
from sheets_sync.resources import default_config_path
from tests.fake_google import FakeGoogle, Quotas, busiest_minute, schema
from tests.fake_google import quota as fake_quota
from tests.google.helpers import OFFICER, backend_for, grid, load_workbook_into

# A quota minute lasts one second: long beside a plan's run on the fake, so the first minute's
# quota is surely used up and the pacing has to work; short enough for rounds of a few seconds.
SPEED = 60.0
PROJECT = "gia-tan-2024"
NOW = datetime(2024, 10, 16, 6, 30)
LIMITS = QuotaSection(
    reads_per_user=4, writes_per_user=4, reads_per_project=6, writes_per_project=6
)
PLANS = 6  # 12 reads and 12 writes a round: three minutes' worth for one account


def account(fake: FakeGoogle, tmp_path: Path, name: str) -> tuple[str, Path]:
    """A service account of the project, its key saved as the admin would."""
    email = f"{name}@{PROJECT}.iam.gserviceaccount.com"
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(fake.service_account(email)), encoding="utf-8")
    os.chmod(path, 0o600)
    return email, path


def scaled_policy(speed: float) -> RetryPolicy:
    """The retry safety net on the compressed clock too (its backoff waits seconds)."""
    return RetryPolicy(
        sleep=lambda s: time.sleep(s / speed), clock=lambda: time.monotonic() * speed
    )


@pytest.fixture
def paced(fake: FakeGoogle) -> quota.Pacer:
    """The fake at LIMITS, the process's pacer on the same compressed clock."""
    fake.quotas = Quotas(**dataclasses.asdict(LIMITS), speed=SPEED)
    pacer = quota.Pacer(quota.Clock(speed=SPEED))
    quota.install(pacer)  # ``own_pacer`` (tests/conftest.py) puts the process's own back
    return pacer


@pytest.fixture
def seed_workbook(tmp_path: Path, cfg: Config) -> Path:
    path = tmp_path / "seed.xlsx"
    create_workbook(path, cfg, seed.TASKS)
    return path


def plans(
    fake: FakeGoogle,
    cfg: Config,
    workbook: Path,
    count: int,
    keys: list[Path],
    emails: list[str],
    limits: QuotaSection = LIMITS,
) -> list[Config]:
    """``count`` communes' plans, each a sheet shared with every account, each its own config."""
    configs = []
    for i in range(count):
        book = fake.create_spreadsheet(
            f"Kế hoạch xã {i}", OFFICER, share={e: "writer" for e in emails}
        )
        load_workbook_into(book, workbook)
        credentials: str | list[str] = [str(k) for k in keys] if len(keys) > 1 else str(keys[0])
        section = GoogleSection(spreadsheet_id=book.id, credentials=credentials, quota=limits)
        configs.append(dataclasses.replace(cfg, google=section))
    return configs


def flag_round(fake: FakeGoogle, configs: list[Config], threads: int = 1) -> None:
    """One morning: ``flag`` on every plan, each with a backend (and session) of its own."""
    policy = scaled_policy(fake.quotas.speed if fake.quotas else 1.0)

    def one(plan: Config) -> None:
        flag.run(backend_for(fake, plan, policy), plan, today=NOW.date(), now=NOW)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(one, configs))


def runs(fake: FakeGoogle, plan: Config) -> list[tuple[object, object]]:
    """(job, outcome) of each ``Nhật ký`` row of a plan."""
    rows = grid(fake.spreadsheets[plan.google.spreadsheet_id], contract.LOG.title)[1:]
    return [(row[1], row[2]) for row in rows]


# --- the fake ------------------------------------------------------------------------------


def raw_session(fake: FakeGoogle, key: Path) -> AuthorizedSession:
    """google-auth's own session, no pacing, no retries: the fake's answers as they come."""
    creds = service_account.Credentials.from_service_account_file(
        str(key), scopes=["https://www.googleapis.com/auth/spreadsheets"]
    )
    token_session = requests.Session()
    token_session.mount("https://oauth2.googleapis.com", LoopbackAdapter(fake.port))
    session = AuthorizedSession(creds, auth_request=TokenRequest(token_session))
    session.mount("https://sheets.googleapis.com", LoopbackAdapter(fake.port))
    return session


def write(session: AuthorizedSession, spreadsheet_id: str) -> requests.Response:
    url = f"https://sheets.googleapis.com/v4/spreadsheets/{spreadsheet_id}/values/A1"
    return session.put(url, params={"valueInputOption": "RAW"}, json={"values": [["x"]]})


def test_the_fake_refuses_a_read_past_the_users_minute_as_google_does(fake, tmp_path):
    fake.quotas = Quotas(reads_per_user=3, speed=1.0)
    email, key = account(fake, tmp_path, "jobs")
    book = fake.create_spreadsheet("KH", OFFICER, share={email: "writer"})
    session = raw_session(fake, key)
    url = f"https://sheets.googleapis.com/v4/spreadsheets/{book.id}"
    assert [session.get(url).status_code for _ in range(3)] == [200, 200, 200]

    refused = session.get(url)

    assert refused.status_code == 429
    assert refused.headers["Content-Type"].startswith("application/json")
    error = refused.json()["error"]
    assert error["status"] == "RESOURCE_EXHAUSTED"
    assert error["message"].startswith(
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute "
        "per user' of service 'sheets.googleapis.com' for consumer 'project_number:"
    )
    info = error["details"][0]
    assert info["@type"] == "type.googleapis.com/google.rpc.ErrorInfo"
    assert info["reason"] == "RATE_LIMIT_EXCEEDED"
    assert info["metadata"]["quota_limit"] == "ReadRequestsPerMinutePerUser"
    assert info["metadata"]["quota_limit_value"] == "3"
    assert info["metadata"]["quota_metric"] == "sheets.googleapis.com/read_requests"
    # Writes are counted apart; a refused request counts for nothing; the minute moves on.
    assert write(session, book.id).status_code == 200
    fake.quotas.advance(60)
    assert session.get(url).status_code == 200
    assert fake.count_status(429) == 1


def test_the_fake_counts_a_projects_minute_over_all_its_accounts(fake, tmp_path):
    fake.quotas = Quotas(writes_per_user=3, writes_per_project=4, speed=1.0)
    (a, key_a), (b, key_b) = account(fake, tmp_path, "a"), account(fake, tmp_path, "b")
    book = fake.create_spreadsheet("KH", OFFICER, share={a: "writer", b: "writer"})
    first, second = raw_session(fake, key_a), raw_session(fake, key_b)
    assert [write(first, book.id).status_code for _ in range(3)] == [200] * 3
    assert write(second, book.id).status_code == 200

    refused = write(second, book.id)

    assert refused.status_code == 429
    error = refused.json()["error"]
    assert "limit 'Write requests per minute' of service" in error["message"]
    assert error["details"][0]["metadata"]["quota_limit"] == "WriteRequestsPerMinutePerProject"
    assert busiest_minute(fake.requests, "project", "write") == {PROJECT: 4}
    assert busiest_minute(fake.requests, "user", "write") == {a: 3, b: 1}


def test_client_and_fake_agree_on_which_methods_are_reads():
    """Two independent classifications (ours from the URL, the fake's from the method id) of
    every Sheets method in Google's discovery document."""
    seen = set()
    for method in schema.methods("sheets"):
        path = method.path.format(spreadsheetId="1AbC", sheetId=0, metadataId=7, range="A1")
        url = f"https://sheets.googleapis.com/{path}"
        ours = quota.sheets_kind(method.http_method, url)
        assert ours == fake_quota.kind_of(method.id), method.id
        seen.add(ours)
    assert seen == {quota.READ, quota.WRITE}
    assert quota.sheets_kind("GET", "https://www.googleapis.com/drive/v3/files") is None


# --- the pacer, on a clock that moves only when it waits ---------------------------------------


class StepClock(quota.Clock):
    """Time stands still except when the pacer waits; waiting moves it on by the wait."""

    def __init__(self) -> None:
        super().__init__()
        object.__setattr__(self, "t", 0.0)

    def now(self) -> float:
        return self.t  # type: ignore[attr-defined]

    def wait(self, condition: threading.Condition, seconds: float | None) -> None:
        assert seconds is not None, "would wait for an answer that never comes"
        object.__setattr__(self, "t", self.t + seconds)  # type: ignore[attr-defined]

    def move(self, seconds: float) -> None:
        object.__setattr__(self, "t", self.t + seconds)  # type: ignore[attr-defined]


SHEET = "https://sheets.googleapis.com/v4/spreadsheets/1AbC"


def send(gate: quota.Gate, method: str = "GET", url: str = SHEET, takes: float = 0.0) -> None:
    with gate.slot(method, url):
        gate.pacer.clock.move(takes)  # type: ignore[attr-defined]


def test_a_burst_up_to_the_limit_goes_at_once_and_the_next_waits_a_minute_from_the_first_answer():
    clock = StepClock()
    gate = quota.Pacer(clock).gate(QuotaSection(reads_per_user=3), "jobs@x", "x")
    send(gate, takes=2.0)  # answered at 2 s
    send(gate)
    send(gate)
    assert clock.now() == 2.0

    send(gate)  # the first slot leaves the minute at 2 + 60

    assert clock.now() == 62.0
    assert gate.pacer.stats.waited == 1


def test_reads_never_wait_for_writes():
    clock = StepClock()
    gate = quota.Pacer(clock).gate(QuotaSection(reads_per_user=1, writes_per_user=1), "u", "p")
    send(gate, "GET")
    send(gate, "POST", SHEET + ":batchUpdate")
    send(gate, "POST", SHEET + "/values:batchGetByDataFilter")  # a read: waits for the read
    assert clock.now() == 60.0
    send(gate, "POST", "https://www.googleapis.com/upload/drive/v3/files")  # Drive: not paced
    assert clock.now() == 60.0


def test_accounts_of_one_project_share_its_minute_and_keep_their_own():
    clock = StepClock()
    pacer = quota.Pacer(clock)
    limits = QuotaSection(reads_per_user=2, reads_per_project=3)
    first, second = pacer.gate(limits, "a@p", "p"), pacer.gate(limits, "b@p", "p")
    send(first)
    send(first)
    send(second)
    assert clock.now() == 0.0
    send(second)  # second has a slot of its own, but the project's three are taken
    assert clock.now() == 60.0


def test_sessions_of_the_same_account_count_in_the_same_windows():
    clock = StepClock()
    pacer = quota.Pacer(clock)
    one, other = (pacer.gate(QuotaSection(reads_per_user=1), "u", "p") for _ in range(2))
    send(one)
    send(other)
    assert clock.now() == 60.0


def test_plans_that_disagree_on_a_quota_are_held_to_the_lowest(caplog):
    clock = StepClock()
    pacer = quota.Pacer(clock)
    pacer.gate(QuotaSection(reads_per_user=60), "u", "p")
    low = pacer.gate(QuotaSection(reads_per_user=1), "u", "p")
    high = pacer.gate(QuotaSection(reads_per_user=60), "u", "p")
    send(high)
    send(low)
    assert clock.now() == 60.0
    assert "plans give different quotas for reads of user u" in caplog.text


def response(status: int, body: dict) -> requests.Response:
    answer = requests.Response()
    answer.status_code = status
    answer._content = json.dumps(body).encode()
    return answer


def test_a_quota_refusal_pauses_the_window_it_names_for_a_minute():
    clock = StepClock()
    pacer = quota.Pacer(clock)
    gate = pacer.gate(QuotaSection(), "u", "p")
    body = fake_quota.exhausted("project", "read", "123456", 300).body
    with gate.slot("GET", SHEET) as slot:
        slot.answered(response(429, body))
    other_account = pacer.gate(QuotaSection(), "v", "p")
    send(other_account)  # the project's reads are spent: every account of it waits
    assert clock.now() == 60.0
    assert pacer.stats.refused == 1


def test_a_429_that_is_not_about_quota_pauses_nothing():
    clock = StepClock()
    gate = quota.Pacer(clock).gate(QuotaSection(), "u", "p")
    overloaded = {"error": {"code": 429, "message": "Too many requests", "status": "UNAVAILABLE"}}
    with gate.slot("GET", SHEET) as slot:
        slot.answered(response(429, overloaded))
    send(gate)
    assert clock.now() == 0.0


def test_a_request_in_flight_holds_its_slot_until_a_minute_after_its_answer():
    clock = StepClock()
    gate = quota.Pacer(clock).gate(QuotaSection(writes_per_user=1), "u", "p")
    send(gate, "POST", SHEET + ":batchUpdate", takes=45.0)  # a slow answer
    send(gate, "POST", SHEET + ":batchUpdate")
    assert clock.now() == 105.0


# --- rounds over many plans on the fake ----------------------------------------------------


def assert_within_quotas(fake: FakeGoogle, limits: QuotaSection) -> None:
    assert fake.count_status(429) == 0
    for kind in ("read", "write"):
        for who, peak in busiest_minute(fake.requests, "user", kind).items():
            assert peak <= getattr(limits, f"{kind}s_per_user"), (who, kind, peak)
        for who, peak in busiest_minute(fake.requests, "project", kind).items():
            assert peak <= getattr(limits, f"{kind}s_per_project"), (who, kind, peak)


def test_a_round_over_many_plans_on_one_account_is_paced_within_its_minute(
    fake, paced, tmp_path, cfg, seed_workbook
):
    email, key = account(fake, tmp_path, "jobs")
    configs = plans(fake, cfg, seed_workbook, PLANS, [key], [email])

    flag_round(fake, configs)

    assert_within_quotas(fake, LIMITS)
    assert paced.stats.waited > 0  # the round needed three minutes: pacing held it back
    assert fake.count("sheets") == 4 * PLANS
    assert all(runs(fake, plan) == [("flag", runlog.OK)] for plan in configs)


def test_plans_in_threads_with_sessions_of_their_own_share_the_processs_pacing(
    fake, paced, tmp_path, cfg, seed_workbook
):
    email, key = account(fake, tmp_path, "jobs")
    configs = plans(fake, cfg, seed_workbook, PLANS, [key], [email])

    flag_round(fake, configs, threads=3)

    assert_within_quotas(fake, LIMITS)
    assert paced.stats.waited > 0
    assert all(runs(fake, plan) == [("flag", runlog.OK)] for plan in configs)


def test_several_accounts_share_the_load_within_the_projects_minute(
    fake, paced, tmp_path, cfg, seed_workbook
):
    accounts = [account(fake, tmp_path, f"jobs-{i}") for i in range(3)]
    emails, keys = [e for e, _ in accounts], [k for _, k in accounts]
    configs = plans(fake, cfg, seed_workbook, 2 * PLANS, keys, emails)
    used = {Path(plan.google.credentials).name for plan in configs}

    flag_round(fake, configs, threads=3)

    assert_within_quotas(fake, LIMITS)
    assert len(used) > 1  # the plans went to different accounts …
    served = {r.user for r in fake.requests if r.api == "sheets"}
    assert served == {e for e, k in accounts if k.name in used}  # … and each kept to its own
    assert paced.stats.waited > 0
    assert all(runs(fake, plan) == [("flag", runlog.OK)] for plan in configs)


def test_without_pacing_the_same_round_is_refused_and_the_retry_still_finishes_it(
    fake, paced, tmp_path, cfg, seed_workbook
):
    """What the pacing prevents: a client that believes the quota is far higher meets 429s,
    and the bounded retry (the safety net) still ends every plan's run."""
    email, key = account(fake, tmp_path, "jobs")
    believed = QuotaSection(
        reads_per_user=10_000,
        writes_per_user=10_000,
        reads_per_project=10_000,
        writes_per_project=10_000,
    )
    configs = plans(fake, cfg, seed_workbook, PLANS, [key], [email], limits=believed)

    flag_round(fake, configs, threads=3)

    assert fake.count_status(429) > 0
    assert busiest_minute(fake.requests, "user", "read")[email] <= LIMITS.reads_per_user
    assert all(runs(fake, plan) == [("flag", runlog.OK)] for plan in configs)


def test_a_plan_keeps_its_account_and_a_new_key_moves_only_the_plans_it_wins():
    ids = [f"1Sheet{i:03d}" for i in range(300)]
    three = ["keys/a.json", "keys/b.json", "keys/c.json"]
    before = {i: GoogleSection(spreadsheet_id=i, credentials=three).credentials for i in ids}
    again = {
        i: GoogleSection(spreadsheet_id=i, credentials=list(reversed(three))).credentials
        for i in ids
    }
    after = {
        i: GoogleSection(spreadsheet_id=i, credentials=[*three, "keys/d.json"]).credentials
        for i in ids
    }

    assert again == before  # the order of the list does not matter
    assert all(after[i] in (before[i], "keys/d.json") for i in ids)
    assert {k: list(before.values()).count(k) for k in three} == {
        k: pytest.approx(100, abs=30) for k in three
    }
    moved = sum(after[i] != before[i] for i in ids)
    assert 40 <= moved <= 110  # about a quarter


# --- the config ------------------------------------------------------------------------------


def google_settings_of_the_example() -> str:
    """The config example's commented ``[google]`` and ``[google.quota]`` settings, uncommented,
    with the list of keys its comment shows in place of the one key."""
    text = default_config_path().read_text(encoding="utf-8")
    block = text.split("# [google]\n", 1)[1].split("[jobs.", 1)[0]
    pattern = r"# (\[[\w.]+\]|\w+ = )"
    settings = [line[2:] for line in block.splitlines() if re.match(pattern, line)]
    keys = re.search(r'#\s+# (\["[^]]+\])', block)
    assert keys is not None, "the example shows a list of keys"
    settings = [
        f"credentials = {keys.group(1)}" if s.startswith("credentials = ") else s for s in settings
    ]
    return "\n".join(["[google]", *settings]) + "\n"


def with_google(tmp_path: Path, block: str) -> Path:
    text = default_config_path().read_text(encoding="utf-8")
    path = tmp_path / "plan.toml"
    path.write_text(text + "\n" + block, encoding="utf-8")
    return path


def test_the_config_examples_google_block_loads_with_its_quota_and_list_of_keys(tmp_path):
    block = google_settings_of_the_example()
    assert "\n[google.quota]\nreads_per_user = 60" in block

    loaded = load(with_google(tmp_path, block))

    google = loaded.google
    assert google.quota == QuotaSection(60, 60, 300, 300)
    assert google.credentials_pool == ("/etc/sheets-sync/sa-1.json", "/etc/sheets-sync/sa-2.json")
    assert google.credentials == key_for(google.spreadsheet_id, list(google.credentials_pool))


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            "[google.quota]\nreads_per_user = 0",
            r"google\.quota\.reads_per_user: cần .*\(expected requests a minute, at least 1\)",
        ),
        (
            "[google.quota]\nwrites_per_minute = 60",
            r"google\.quota\.writes_per_minute: .*\(unknown key",
        ),
        (
            "[google]\ncredentials = []",
            r"google\.credentials: .*\(expected a key file or a list of key files\)",
        ),
        (
            '[google]\ncredentials = ["a/key.json", "b/key.json"]',
            r"google\.credentials: .*\(expected key files of different names\)",
        ),
        ("[google]\ncredentials = 5", r"google\.credentials: .*\(expected text in quotes, got 5\)"),
    ],
)
def test_a_wrong_quota_or_list_of_keys_is_named(tmp_path, block, message):
    with pytest.raises(ConfigError, match=message):
        load(with_google(tmp_path, block + "\n"))


def test_plans_of_one_account_share_its_token_across_rounds(fake, tmp_path, cfg, seed_workbook):
    """Each round of a folder opens its plan's backend again; the key's access token is fetched
    once for all of them (a token request per round would double the requests of a morning)."""
    email, key = account(fake, tmp_path, "jobs")
    configs = plans(fake, cfg, seed_workbook, 3, [key], [email])
    for _ in range(2):  # two rounds
        for plan in configs:
            backend_for(fake, plan).read(["Nhiệm vụ"])
    assert fake.count("oauth") == 1
    assert fake.count("sheets") == 2 * 3 * 2


def test_an_import_carries_the_list_of_keys_and_the_quota_into_the_plans_config(
    fake, tmp_path, monkeypatch, shared_drive_folder
):
    """The admin's config names two keys and the project's raised quota; the config an import
    writes for a new plan keeps both, so the new plan joins the same pacing."""
    from sheets_sync.backends.google.http_client import EMULATOR_ENV
    from tests.google.helpers import run
    from tests.importer.plan_corpus import DE_AN_06_DONG_HUNG

    monkeypatch.setenv(EMULATOR_ENV, f"127.0.0.1:{fake.port}")
    monkeypatch.chdir(tmp_path)
    (a, key_a), (b, key_b) = account(fake, tmp_path, "a"), account(fake, tmp_path, "b")
    book = fake.create_spreadsheet("KH", OFFICER, share={a: "writer", b: "writer"})
    admin = tmp_path / "admin.toml"
    admin.write_text(
        default_config_path().read_text(encoding="utf-8")
        + f'\n[google]\nfolder_id = "{shared_drive_folder.id}"\n'
        + f'credentials = ["{key_a}", "{key_b}"]\n'
        + "\n[google.quota]\nreads_per_project = 600\nwrites_per_project = 600\n",
        encoding="utf-8",
    )
    document = DE_AN_06_DONG_HUNG.write(tmp_path)

    code, out = run("import", str(document), "--google", "--spreadsheet-id", book.id,
                    "--config", str(admin))  # fmt: skip

    assert code == 0, out
    written = load(tmp_path / f"{document.stem}.toml").google
    assert written.credentials_pool == (str(key_a), str(key_b))
    assert written.credentials == key_for(book.id, [str(key_a), str(key_b)])
    assert (written.quota.reads_per_project, written.quota.writes_per_project) == (600, 600)
