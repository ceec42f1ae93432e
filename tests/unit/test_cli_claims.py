"""``briefreader claims`` and ``briefreader claim ID`` on a real temp library: every claim of the
library listed (orphans flagged) and filtered as in the claims desk, a claim's check changed in
one go (checked by and at filled in, the history kept, a later verdict a correction), the claim
fields in ``search --json``, and the one-sentence refusals."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from briefreader.config import config_path
from briefreader.store.api import NewAnnotation, Store
from tests.conftest import EXAMPLE_BRIEF
from tests.unit.test_cli import run
from tests.unit.test_cli_trust import one_sentence
from tests.unit.test_faults_cli import as_another_user, shared_folder  # noqa: F401

pytestmark = pytest.mark.all_backends

SHIFT = "It is a major shift"
PAGE = "We have turned a new page"
PUTIN = "Putin has postponed his much-hyped visit"
STEEL = "steel and energy sectors"
TRADE = "Trade doubled since 2020"


@pytest.fixture
def db(db_url: str) -> str:
    """What ``--db`` gets: the file's path on SQLite (as a user types it), else the URL."""
    return db_url.removeprefix("sqlite:///")


@pytest.fixture
def checker(monkeypatch: pytest.MonkeyPatch) -> str:
    """The user the commands run as (the operating system's, read from the environment)."""
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "ayesha")
    return "ayesha"


@pytest.fixture
def library(db: str, db_url: str, tmp_path: Path) -> dict[str, int]:
    """Two briefs: the example (#1) with three claims and a highlight, and a short one (#2)
    with a claim and an orphan claim. The annotations' ids by name."""
    second = tmp_path / "trade.txt"
    second.write_text("Trade doubled since 2020. Officials deny it.\n", encoding="utf-8")
    run(db, "import", str(EXAMPLE_BRIEF), str(second))
    ids: dict[str, int] = {}

    def annotate(name: str, *args: str) -> None:
        ids[name] = int(run(db, "annotate", *args).stdout)

    annotate(
        "shift",
        "1",
        "--quote",
        SHIFT,
        "--claimant",
        "Foreign office spokesman",
        "--tag",
        "russia",
        "--source",
        "https://example.org/tass",
        "--relation",
        "refutes",
    )
    annotate("steel", "1", "--quote", STEEL, "--tag", "russia")
    annotate(
        "page", "1", "--quote", PAGE, "--claimant", "Foreign Office", "--claim-type", "opinion"
    )
    annotate(
        "putin",
        "1",
        "--quote",
        PUTIN,
        "--claimant",
        "Dawn",
        "--status",
        "supported",
        "--source",
        "https://example.org/dawn",
    )
    annotate("trade", "2", "--quote", TRADE, "--claimant", "Ministry of Trade", "--tag", "economy")
    with Store.open(db_url) as store:
        ids["orphan"] = store.create_annotation(
            2,
            NewAnnotation(
                30, 40, kind="claim", orphan=True, quote="Exports tripled", claimant="Ministry"
            ),
        ).id
    return ids


def claims_json(db: str, *filters: str) -> list[dict[str, Any]]:
    proc = run(db, "claims", "--json", *filters)
    assert proc.stderr == ""
    data: list[dict[str, Any]] = json.loads(proc.stdout)
    return data


def claim_of(db: str, claim_id: int) -> dict[str, Any]:
    return next(c for c in claims_json(db) if c["id"] == claim_id)


def ids_of(db: str, *filters: str) -> list[int]:
    return [c["id"] for c in claims_json(db, *filters)]


def test_claims_lists_every_claim_by_brief_in_text_order_with_orphans_flagged(
    db: str, library: dict[str, int]
) -> None:
    in_order = [library[n] for n in ("putin", "page", "shift", "trade", "orphan")]
    claims = claims_json(db)
    assert [c["id"] for c in claims] == in_order  # the highlight is not a claim
    by_id = {c["id"]: c for c in claims}
    shift = by_id[library["shift"]]
    assert shift["quote"] == SHIFT and shift["brief_id"] == 1
    assert shift["brief_title"].startswith("Pak-Russia ties")
    assert (shift["verdict"], shift["check_status"], shift["claimant"]) == (
        "unverified",
        "to-check",
        "Foreign office spokesman",
    )
    assert shift["sources"] == [
        {"url": "https://example.org/tass", "title": "", "relation": "refutes", "note": ""}
    ]
    assert shift["tags"] == ["russia"] and shift["history"] == []
    assert shift["created_at"].endswith("Z") and shift["updated_at"].endswith("Z")
    assert by_id[library["putin"]]["check_status"] == "checked"  # made with a verdict
    assert [c["orphan"] for c in claims] == [False, False, False, False, True]
    assert set(shift) >= {
        "uuid",
        "claim_type",
        "conclusion",
        "rationale",
        "checked_by",
        "checked_at",
        "contacted_at",
        "contact_outcome",
        "creator",
    }

    table = run(db, "claims").stdout.splitlines()
    assert table[0].split()[:4] == ["id", "brief", "verdict", "status"]
    rows = table[1:-1]
    assert [int(row.split()[0]) for row in rows] == in_order
    putin = rows[0].split()
    assert putin[1:6] == ["1", "supported", "checked", "-", "1/0"]
    assert rows[2].split()[5] == "0/1"  # the refuting source
    assert PAGE in rows[1] and "opinion" in rows[1]
    assert "[orphan] Exports tripled" in rows[4]
    assert table[-1] == "5 claims: 4 to-check, 1 checked"


def test_claims_filters_as_in_the_desk(db: str, library: dict[str, int]) -> None:
    page, putin, shift = library["page"], library["putin"], library["shift"]
    trade, orphan = library["trade"], library["orphan"]
    assert ids_of(db, "--status", "checked") == [putin]
    assert ids_of(db, "--status", "to-check", "--brief", "2") == [trade, orphan]
    assert ids_of(db, "--verdict", "supported", "--verdict", "refuted") == [putin]
    assert ids_of(db, "--tag", "Russia") == [shift]  # tags as normalised; the highlight is out
    assert ids_of(db, "--tag", "russia", "--tag", "economy") == []  # every tag given
    assert ids_of(db, "--brief", "pak-russia") == [putin, page, shift]  # a part of the title
    assert ids_of(db, "--claimant", "FOREIGN OFFICE") == [page, shift]  # part, any case
    assert ids_of(db, "--claimant", "ministry") == [trade, orphan]
    assert ids_of(db, "--has-source") == [putin, shift]
    assert ids_of(db, "--has-source", "--claimant", "foreign") == [shift]

    none = run(db, "claims", "--verdict", "disputed", check=False)
    assert none.returncode == 1 and none.stdout == ""
    assert one_sentence(none.stderr) == "no claims match these filters"
    assert run(db, "claims", "--json", "--verdict", "disputed").stdout.strip() == "[]"
    unknown = run(db, "claims", "--brief", "zanzibar", check=False)
    assert unknown.returncode == 1
    assert one_sentence(unknown.stderr).startswith("briefreader: no brief matches 'zanzibar'")


def test_a_verdict_marks_the_claim_checked_by_the_user_with_its_history(
    db: str, library: dict[str, int], checker: str
) -> None:
    shift = library["shift"]
    out = run(
        db,
        "claim",
        str(shift),
        "--verdict",
        "refuted",
        "--conclusion",
        "False: it is a small step",
        "--rationale",
        "The ministry's own figures",
        "--source",
        "https://example.org/ministry",
        "--relation",
        "refutes",
        "--source",
        "doi:10.1000/xyz",
    ).stdout.splitlines()
    assert out[:6] == [
        f"claim {shift}: verdict: unverified → refuted",
        f"claim {shift}: status: to-check → checked",
        f'claim {shift}: conclusion: (none) → "False: it is a small step"',
        f'claim {shift}: rationale: (none) → "The ministry\'s own figures"',
        f"claim {shift}: source added: refutes https://example.org/ministry",
        f"claim {shift}: source added: supports https://doi.org/10.1000/xyz",
    ]
    assert out[6].startswith(f"claim {shift}: checked by {checker} at ")
    claim = claim_of(db, shift)
    assert (claim["verdict"], claim["check_status"], claim["checked_by"]) == (
        "refuted",
        "checked",
        checker,
    )
    assert claim["checked_at"].endswith("Z")
    assert (claim["conclusion"], claim["rationale"]) == (
        "False: it is a small step",
        "The ministry's own figures",
    )
    assert [(s["relation"], s["url"]) for s in claim["sources"]] == [
        ("refutes", "https://example.org/tass"),
        ("refutes", "https://example.org/ministry"),
        ("supports", "https://doi.org/10.1000/xyz"),
    ]
    assert [
        (h["field"], h["old"], h["new"], h["by"], h["correction"]) for h in claim["history"]
    ] == [
        ("check_status", "to-check", "checked", checker, False),
        ("verdict", "unverified", "refuted", checker, False),
        ("conclusion", None, "False: it is a small step", checker, False),
        ("rationale", "", "The ministry's own figures", checker, False),
    ]
    assert all(h["at"].endswith("Z") for h in claim["history"])
    assert ids_of(db, "--status", "checked") == [library["putin"], shift]

    # The same values again change nothing: no new revision, no history.
    again = run(
        db,
        "claim",
        str(shift),
        "--verdict",
        "refuted",
        "--rationale",
        "The ministry's own figures ",
    )
    assert again.stdout == f"claim {shift}: unchanged: the claim has these values already\n"
    assert len(claim_of(db, shift)["history"]) == 4


def test_a_new_verdict_after_checking_is_a_correction(
    db: str, library: dict[str, int], checker: str
) -> None:
    page = library["page"]
    run(db, "claim", str(page), "--status", "checking")
    run(db, "claim", str(page), "--verdict", "supported", "--rationale", "Said on the record")
    out = run(
        db, "claim", str(page), "--verdict", "disputed", "--rationale", "The transcript differs"
    ).stdout
    assert f"claim {page}: verdict: supported → disputed  (a correction" in out
    claim = claim_of(db, page)
    assert [(h["field"], h["new"], h["correction"]) for h in claim["history"]] == [
        ("check_status", "checking", False),
        ("check_status", "checked", False),
        ("verdict", "supported", False),
        ("rationale", "Said on the record", False),
        ("verdict", "disputed", True),
        ("rationale", "The transcript differs", False),
    ]
    assert claim["history"][4]["rationale"] == "The transcript differs"
    assert (claim["check_status"], claim["checked_by"]) == ("checked", checker)
    # An empty conclusion or rationale clears it.
    run(db, "claim", str(page), "--rationale", "")
    assert claim_of(db, page)["rationale"] == ""


def test_claim_json_prints_the_claim_and_says_what_changed_on_stderr(
    db: str, library: dict[str, int]
) -> None:
    trade = library["trade"]
    proc = run(db, "claim", str(trade), "--status", "not-checkable", "--json")
    claim = json.loads(proc.stdout)
    assert (claim["id"], claim["check_status"], claim["verdict"]) == (
        trade,
        "not-checkable",
        "unverified",
    )
    assert [h["new"] for h in claim["history"]] == ["not-checkable"]
    assert proc.stderr == f"claim {trade}: status: to-check → not-checkable\n"
    assert claim == claim_of(db, trade)
    shown = run(db, "claim", str(trade)).stdout
    assert f"claim {trade} in brief #2" in shown and TRADE in shown
    assert "status: not-checkable" in shown and "Ministry of Trade" in shown


def test_search_json_carries_the_claim_fields(db: str, library: dict[str, int]) -> None:
    run(db, "claim", str(library["shift"]), "--verdict", "refuted", "--conclusion", "Overstated")
    hits = json.loads(run(db, "search", "tag:russia", "--json").stdout)
    by_id = {h["annotation_id"]: h for h in hits}
    shift, steel = by_id[library["shift"]], by_id[library["steel"]]
    assert (shift["verdict"], shift["check_status"], shift["conclusion"], shift["claimant"]) == (
        "refuted",
        "checked",
        "Overstated",
        "Foreign office spokesman",
    )
    assert shift["checked_at"].endswith("Z")
    assert (steel["annotation_kind"], steel["verdict"], steel["check_status"]) == (
        "highlight",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (["999"], 1, "no claim with id 999 (`briefreader claims` lists the claims)"),
        (["x7"], 2, "'x7' is not a claim's id"),
        (["STEEL"], 1, "is a highlight, not a claim"),
        (["SHIFT", "--status", "refuted"], 2, "refuted is a verdict: give it with --verdict"),
        (["SHIFT", "--verdict", "checked"], 2, "checked is a check status: give it with --status"),
        (["SHIFT", "--verdict", "maybe"], 2, "invalid choice: 'maybe'"),
        (["SHIFT", "--relation", "refutes"], 2, "each --relation must follow its own --source"),
        (["SHIFT", "--verdict", "refuted", "--source", "ftp://x.org/a"], 1, "ftp://x.org/a"),
    ],
)
def test_claim_refusals_are_one_sentence_and_save_nothing(
    db: str, library: dict[str, int], args: list[str], status: int, message: str
) -> None:
    names = {"STEEL": str(library["steel"]), "SHIFT": str(library["shift"])}
    before = claims_json(db)
    proc = run(db, "claim", *[names.get(a, a) for a in args], check=False)
    assert proc.returncode == status and proc.stdout == ""
    assert message in proc.stderr.splitlines()[-1]
    if status == 1:
        one_sentence(proc.stderr)
    assert claims_json(db) == before


def test_claims_on_a_missing_library_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite3"
    for command in (["claims"], ["claim", "1", "--verdict", "refuted"]):
        proc = run(missing, *command, check=False)
        assert proc.returncode == 1
        assert one_sentence(proc.stderr).startswith(f"briefreader: no library at {missing}")
    assert not missing.exists()


@pytest.mark.sqlite_only
def test_a_read_only_library_lists_claims_and_refuses_a_change(
    shared_folder: Path,  # noqa: F811
) -> None:
    db = shared_folder / "lib.sqlite3"
    run(db, "import", str(EXAMPLE_BRIEF))
    run(db, "annotate", "1", "--quote", SHIFT, "--kind", "claim")
    before = {p.name: p.read_bytes() for p in shared_folder.iterdir()}
    prefix = as_another_user(shared_folder)
    env = dict(os.environ, HOME=str(shared_folder), BRIEFREADER_DB=str(db))
    env["BRIEFREADER_DATA_DIR"] = str(shared_folder / "data")
    env["BRIEFREADER_CONFIG_DIR"] = str(shared_folder / "config")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        argv = [*prefix, sys.executable, "-m", "briefreader", *args]
        return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)

    listed = cli("claims", "--json")
    assert listed.returncode == 0 and json.loads(listed.stdout)[0]["quote"] == SHIFT
    refused = cli("claim", "1", "--verdict", "refuted", "--source", "https://example.org/a")
    assert refused.returncode == 1 and refused.stdout == ""
    line = one_sentence(refused.stderr)
    assert line.startswith("briefreader: nothing can be saved: the database is read-only (")
    assert {p.name: p.read_bytes() for p in shared_folder.iterdir()} == before


def test_help_documents_the_claim_commands() -> None:
    for command in ("claims", "claim"):
        proc = subprocess.run(
            [sys.executable, "-m", "briefreader", command, "--help"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert "examples:" in proc.stdout and "--verdict" in proc.stdout


def test_the_configured_name_is_who_checks_and_who_makes(
    db: str, library: dict[str, int], checker: str
) -> None:
    """``[user] name`` in the config wins over the operating system's user name."""
    config = config_path()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[user]\nname = "Ayesha  Khan"\n', encoding="utf-8")
    run(db, "claim", str(library["shift"]), "--verdict", "supported")
    [claim] = [
        c for c in json.loads(run(db, "claims", "--json").stdout) if c["id"] == library["shift"]
    ]
    assert claim["checked_by"] == "Ayesha Khan"
    assert {h["by"] for h in claim["history"]} == {"Ayesha Khan"}
    made = int(run(db, "annotate", "1", "--quote", "Pakistan", "--occurrence", "2").stdout)
    with Store.open(db if "://" in db else f"sqlite:///{db}") as store:
        assert store.get_annotation(made).creator == "Ayesha Khan"
        # Made before there was a config: by the operating system's user.
        before = store.get_annotation(library["shift"]).creator
        assert before is not None and before != "Ayesha Khan"


def test_claim_groups_from_the_command_line(db: str, library: dict[str, int]) -> None:
    """``claim ID --same-as OTHER`` joins two claims in one group (shown, and in the JSON with
    the first appearance), ``--not-same-as`` records a pair, ``--leave-group`` takes one out;
    a bad or missing OTHER is refused in one sentence before anything is changed."""
    shift, trade, page = library["shift"], library["trade"], library["page"]
    out = run(db, "claim", str(trade), "--same-as", str(shift)).stdout.splitlines()
    assert out == [
        f"claim {trade}: the same claim as claim {shift}",
        f"claim {trade}: same claim in 2 briefs: claims {shift} (first), {trade} (this one)",
    ]
    shown = run(db, "claim", str(shift)).stdout
    assert f"same claim in 2 briefs: claims {shift} (first) (this one), {trade}" in shown
    data = json.loads(run(db, "claim", str(trade), "--json").stdout)
    assert data["group"]["first_claim_id"] == shift
    assert [a["claim_id"] for a in data["group"]["appearances"]] == [shift, trade]
    assert [a["brief_id"] for a in data["group"]["appearances"]] == [1, 2]
    listed = {c["id"]: c["group"] for c in json.loads(run(db, "claims", "--json").stdout)}
    assert listed[page] is None and listed[shift] == listed[trade] == data["group"]

    run(db, "claim", str(page), "--not-same-as", str(shift))
    run(db, "claim", str(trade), "--leave-group")
    assert json.loads(run(db, "claim", str(shift), "--json").stdout)["group"] is None
    assert "in no claim group" in run(db, "claim", str(shift)).stdout

    for bad, said in (
        (["--same-as", str(shift)], "is this claim itself"),
        (["--same-as", "x1"], "is not a claim's id"),
        (["--same-as", "9" * 30], "is not a claim's id"),
        (["--same-as", "999999", "--verdict", "refuted"], "no claim with id 999999"),
    ):
        proc = run(db, "claim", str(shift), *bad, check=False)
        assert proc.returncode != 0
        assert said in one_sentence(proc.stderr), bad
    assert json.loads(run(db, "claim", str(shift), "--json").stdout)["verdict"] == "unverified"
