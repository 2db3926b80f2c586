"""The open data is described where it is published, and the descriptions are checked by
the tools a reuser would run: Frictionless (datapackage.json, the CSV's Table Schema) and
check-jsonschema (accounts.schema.json). A seeded good row passes both; a bad one fails both."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from frictionless import validate

from sns_policy.plans import build as opendata
from sns_policy.sources.schema import load_schema

FILES = ("accounts.json", "accounts.csv", opendata.JSON_SCHEMA, opendata.PACKAGE)


def _row(**changes: object) -> dict[str, object]:
    """A registry row as scripts/sns_policy/plans/render.py registry_rows makes it."""
    row = {"id": "example", "department": {"ja": "秘書広報課", "en": "Secretarial and PR Division"},
           "page_name": {"ja": "石巻市", "en": "Ishinomaki City"}, "platform": "facebook", "status": "active",
           "url": "https://www.facebook.com/example.page", "plan": {"ja": "plans/example/", "en": "en/plans/example/"}}
    return {**row, **changes}


def _check_jsonschema(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(folder / opendata.JSON_SCHEMA),
                           str(folder / "accounts.json")], capture_output=True, text=True, timeout=120)


def _frictionless_errors(folder: Path) -> list[str]:
    report = validate(str(folder / opendata.PACKAGE))
    return [error.message for task in report.tasks for error in task.errors] + [e.message for e in report.errors]


@pytest.fixture
def published(site: Path, tmp_path: Path) -> Path:
    """A copy of the published open data and its descriptions, to seed rows into."""
    for name in FILES:
        shutil.copy2(site / name, tmp_path / name)
    return tmp_path


def _seed(folder: Path, rows: list[dict[str, object]]) -> None:
    folder.joinpath("accounts.json").write_text(opendata.to_json(rows, "https://example.org/"), encoding="utf-8")
    folder.joinpath("accounts.csv").write_text(opendata.to_csv(rows, "https://example.org/"), encoding="utf-8", newline="")


def test_the_site_publishes_the_descriptions_beside_the_data(site: Path) -> None:
    for name in FILES:
        assert (site / name).is_file(), name
    package = json.loads((site / opendata.PACKAGE).read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} == {"accounts.json", "accounts.csv"}


def test_the_published_data_is_valid(site: Path) -> None:
    assert not _frictionless_errors(site)
    result = _check_jsonschema(site)
    assert result.returncode == 0, result.stdout + result.stderr


def test_good_rows_pass_both_validators(published: Path) -> None:
    _seed(published, [_row(), _row(id="old", status="withdrawn", url=None)])
    assert not _frictionless_errors(published)
    result = _check_jsonschema(published)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("bad", [
    {"url": "https://example.com/impostor"},     # not a Facebook address
    {"status": "planned"},                        # the registry lists no planned page
    {"platform": "x"},
    {"department": {"ja": "", "en": "Division"}},
])
def test_a_bad_row_fails_both_validators(published: Path, bad: dict[str, object]) -> None:
    _seed(published, [_row(**bad)])
    assert _frictionless_errors(published), f"Frictionless accepted {bad}"
    result = _check_jsonschema(published)
    assert result.returncode != 0, f"check-jsonschema accepted {bad}"


def test_an_active_row_without_address_fails_the_json_schema(published: Path) -> None:
    """The one rule a Table Schema cannot say (a condition between columns) is in the JSON Schema."""
    _seed(published, [_row(url=None)])
    assert _check_jsonschema(published).returncode != 0


def test_the_descriptions_come_from_the_plan_schema() -> None:
    """One place: the plan's own pattern and platform reach both descriptions unchanged."""
    plan = load_schema("plan")["properties"]
    fields = {f["name"]: f for f in opendata.table_schema()["fields"]}
    row = opendata.json_schema()["properties"]["accounts"]["items"]["properties"]
    assert fields["url"]["constraints"]["pattern"] == row["url"]["pattern"] == plan["url"]["pattern"]
    assert fields["platform"]["constraints"]["enum"] == [row["platform"]["const"]] == [plan["platform"]["const"]]
    assert list(fields) == opendata.csv_columns()


def test_the_registry_pages_link_the_descriptions(site: Path) -> None:
    for page in (site / "accounts" / "index.html", site / "en" / "accounts" / "index.html"):
        html = page.read_text(encoding="utf-8")
        for name in (opendata.PACKAGE, opendata.JSON_SCHEMA):
            assert f'href="../{name}"' in html or f'href="../../{name}"' in html, (page, name)
