"""The repository's GitHub files: workflows, issue forms, CODEOWNERS, the pull-request template,
and the scheduled check of links to other websites."""
from __future__ import annotations

import functools
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from sns_policy.commands import external_links
from sns_policy.plans.cli import issue_forms
from sns_policy.site import SCHEMAS
from tests.conftest import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
BIN = Path(sys.executable).parent


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=300)


def zizmor(path: Path) -> subprocess.CompletedProcess[str]:
    """zizmor offline (no GitHub API), default persona; exit 0 means no findings."""
    return run(BIN / "zizmor", "--offline", "--no-progress", "--format", "plain", path)


def test_workflows_have_no_zizmor_findings() -> None:
    assert {p.name for p in WORKFLOWS} >= {"test.yml", "deploy.yml", "links.yml"}
    result = zizmor(GITHUB / "workflows")
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_catches_an_unpinned_action(tmp_path: Path) -> None:
    """Put the fault back: a tag instead of a commit, no permissions block, credentials kept."""
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text("on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-24.04\n    steps:\n"
                   "      - uses: actions/checkout@v4\n      - run: echo hi\n", encoding="utf-8")
    result = zizmor(bad)
    assert result.returncode != 0 and "unpinned-uses" in result.stdout + result.stderr


def test_workflows_match_githubs_schema() -> None:
    result = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_issue_forms_match_githubs_schema() -> None:
    assert {p.name for p in FORMS} == {"content-correction.yml", "new-official-page.yml", "translation.yml"}
    result = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", *FORMS)
    assert result.returncode == 0, result.stdout + result.stderr
    config = run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-issue-config", GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert config.returncode == 0, config.stdout + config.stderr


def test_a_broken_issue_form_is_caught(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("name: x\ndescription: y\nbody:\n  - type: input\n    attributes: {}\n", encoding="utf-8")
    assert run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", bad).returncode != 0


def test_every_action_is_pinned_to_a_commit_with_its_version() -> None:
    for workflow in WORKFLOWS:
        text = workflow.read_text(encoding="utf-8")
        for line in re.findall(r"uses:.*", text):
            assert re.fullmatch(r"uses: [\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), f"{workflow.name}: {line}"
        assert text.count("persist-credentials: false") == text.count("actions/checkout@")
        assert re.search(r"^permissions: \{\}$", text, re.M), f"{workflow.name}: no top-level permissions: {{}}"


def test_pull_requests_run_the_readme_test_command_in_debian() -> None:
    """The fast tier is the first job, on its own; the full suite follows as shards that together
    run every test (``bash .ci/run shard K N`` for K = 1 … N); .ci/run without arguments runs everything."""
    workflow = yaml.safe_load((GITHUB / "workflows" / "test.yml").read_text(encoding="utf-8"))
    fast, full = workflow["jobs"]["fast"], workflow["jobs"]["test"]
    assert list(workflow["jobs"])[0] == "fast" and "needs" not in fast
    assert fast["container"] == full["container"] == "debian:bookworm"
    assert any(step.get("run") == "bash .ci/run fast" for step in fast["steps"])
    assert full["needs"] == "fast"
    shards = full["strategy"]["matrix"]["shard"]
    (run,) = [step["run"] for step in full["steps"] if str(step.get("run", "")).startswith("bash .ci/run")]
    assert run == f"bash .ci/run shard ${{{{ matrix.shard }}}} {len(shards)}" and shards == list(range(1, len(shards) + 1))
    cache = [step for step in full["steps"] if step.get("uses", "").startswith("actions/cache@")]
    assert cache and cache[0]["with"]["path"] == "~/.cache/sns-policy", "the shards keep what they checked"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert 'bash scripts/test.sh "$@"' in ci
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in readme and "bash scripts/test.sh fast" in readme


def test_the_benchmark_runs_in_a_workflow_of_its_own_not_in_the_suite() -> None:
    workflow = yaml.safe_load((GITHUB / "workflows" / "bench.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any("sns_policy.commands.bench --quick" in run for run in runs)
    assert not (ROOT / "tests" / "browser" / "test_bench.py").exists(), "the bench's tests live in tests/commands/"


def test_new_official_page_form_is_generated_from_the_plan_schema() -> None:
    """The committed form is exactly what the schema gives; every plan field is asked for."""
    assert issue_forms.FORM.read_text(encoding="utf-8") == issue_forms.render(), \
        "run `.venv/bin/python -m sns_policy.plans.cli.issue_forms` and commit the form"
    import json
    schema = json.loads((SCHEMAS / "plan.schema.json").read_text(encoding="utf-8"))
    ids = {field.get("id") for field in issue_forms.build_form()["body"]}
    for name, spec in schema["properties"].items():
        if spec.get("$ref", "").endswith("bilingual"):
            assert {f"{name}_ja", f"{name}_en"} <= ids
        elif spec.get("type") == "object":
            assert all(key in ids or f"{name}_{key}" in ids for key in spec["properties"])
        else:
            assert name in ids, f"the form does not ask for {name}"


def test_a_schema_change_changes_the_form(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put the fault back: a new field in the schema makes the committed form out of date."""
    schema = issue_forms._schema()
    schema["properties"]["hashtag"] = {"$ref": "#/$defs/text"}
    monkeypatch.setattr(issue_forms, "_schema", lambda: schema)
    monkeypatch.setattr(issue_forms, "_label", lambda field, suffix=("", ""): field)
    assert "id: hashtag" in issue_forms.render()
    assert issue_forms.FORM.read_text(encoding="utf-8") != issue_forms.render()


def _owned_paths(text: str) -> list[str]:
    return [line.split()[0] for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_codeowners_name_folders_that_exist_and_teams_not_people() -> None:
    text = (GITHUB / "CODEOWNERS").read_text(encoding="utf-8")
    for line in filter(None, (l for l in text.splitlines() if l.strip() and not l.startswith("#"))):
        path, *owners = line.split()
        assert path == "*" or (ROOT / path.strip("/")).exists(), f"CODEOWNERS: {path} does not exist"
        assert owners and all(re.fullmatch(r"@ishinomaki-city/[a-z-]+", o) for o in owners), line


def test_pull_request_template_names_what_ci_checks_and_folders_that_exist() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    for check in ("sns_policy.pipeline.validate", "mkdocs build --strict", "textlint", "codespell", "axe-core", "zizmor", "check-jsonschema"):
        assert check in text, f"the template does not mention {check}"
    for folder in re.findall(r"`((?:docs|scripts|overrides|tests)/[\w/.-]*)`", text):
        assert (ROOT / folder).exists(), f"the template names {folder}, which does not exist"


class _Pages(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet."""


def test_external_link_check_lists_broken_links_with_their_pages(tmp_path: Path) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        (tmp_path / "policy").mkdir()
        (tmp_path / "policy" / "index.html").write_text(
            f'<article><a href="{base}/ok">a</a> <a href="{base}/gone#x">b</a>'
            f'<a rel="edit" href="{base}/edit">e</a></article>', encoding="utf-8")
        (tmp_path / "index.html").write_text(f'<a href="{base}/gone">b</a><a href="/local/">l</a>', encoding="utf-8")
        links = external_links.collect(tmp_path)
        assert links == {f"{base}/gone": ["/", "/policy/"], f"{base}/ok": ["/policy/"]}
        broken = external_links.broken_links(links)
        assert broken == {f"{base}/gone": "HTTP 404"}
        body = external_links.report(broken, links)
        assert f"<{base}/gone>" in body and "`/policy/`" in body and "/ok" not in body
    finally:
        server.shutdown()


def test_pre_commit_runs_the_fast_checks_with_the_projects_own_tools() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert {"validate", "textlint", "codespell", "check-github-workflows", "check-github-issue-forms"} <= set(hooks)
    for hook in hooks.values():
        assert hook["language"] == "system"
        executable = hook["entry"].split()[0]
        assert executable.startswith(".venv/bin/"), f"{hook['id']}: runs {executable}, not the pinned tool"
        assert (Path(sys.executable).parent / Path(executable).name).exists(), f"{hook['id']}: {executable} not installed"
