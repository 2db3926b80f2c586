"""A release (SITE_RELEASE=1) publishes only at a public https: address, named by SITE_URL.

Every canonical link, the sitemap, the feeds, the open data and the PDF covers carry the site's
address; mkdocs.yml's default (http://127.0.0.1:8000/) is for previews on one's own machine.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from sns_policy.pipeline.prepare import release_address_problem
from tests.bad_inputs import build, make_site
from tests.conftest import PUBLIC_SITE_URL


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8000/", "https://127.0.0.1/", "https://localhost/", "https://preview.localhost/",
    "http://www.example.org/", "https://10.0.0.5/", "https://192.168.1.10/sns/", "https://172.16.0.1/",
    "https://169.254.1.1/", "https://[::1]/", "https://[fe80::1]/", "https://[fd00::1]/", "https://0.0.0.0/",
    "https://intranet/", "https://server.local/", "ftp://example.org/", "https:///", "",
])
def test_a_release_refuses_an_address_that_is_not_public_https(url: str) -> None:
    problem = release_address_problem(url, set_in_environment=True)
    assert problem is not None and "SITE_URL" in problem, url


@pytest.mark.parametrize("url", [PUBLIC_SITE_URL, "https://owner.github.io/sns-policy/", "https://www.city.example.jp/sns/",
                                 "https://93.184.215.14/"])
def test_a_release_accepts_a_public_https_address(url: str) -> None:
    assert release_address_problem(url, set_in_environment=True) is None


def test_a_release_without_site_url_says_which_variable_to_set() -> None:
    problem = release_address_problem("http://127.0.0.1:8000/", set_in_environment=False)
    assert problem is not None and "SITE_URL is not set" in problem and "https:" in problem


def test_a_release_build_without_site_url_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The build itself stops, with a message and no traceback (the small site: tests/bad_inputs.py)."""
    config_file = make_site(tmp_path / "src")
    monkeypatch.setenv("SITE_RELEASE", "1")
    monkeypatch.delenv("SITE_URL", raising=False)
    built = build(config_file, tmp_path / "out")
    assert not built.ok and not built.crashed, built.output
    assert "SITE_URL is not set" in built.output and "Traceback" not in built.output, built.output


def test_a_release_build_with_a_loopback_site_url_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config_file = make_site(tmp_path / "src")
    monkeypatch.setenv("SITE_RELEASE", "1")
    monkeypatch.setenv("SITE_URL", "http://127.0.0.1:8000/")
    built = build(config_file, tmp_path / "out")
    assert not built.ok and not built.crashed, built.output
    assert "SITE_URL='http://127.0.0.1:8000/' is not an https: address" in built.output, built.output


def test_every_workflow_that_releases_names_the_site_address() -> None:
    """A release in CI would otherwise stop: the step that sets SITE_RELEASE sets SITE_URL too (GitHub Pages' https: address)."""
    import yaml

    from tests.conftest import ROOT

    releasing = []
    for workflow in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        for job in (yaml.safe_load(workflow.read_text(encoding="utf-8")).get("jobs") or {}).values():
            for step in job.get("steps") or []:
                env = {**(job.get("env") or {}), **(step.get("env") or {})}
                if str(env.get("SITE_RELEASE", "")) not in ("", "0"):
                    releasing.append(workflow.name)
                    assert "SITE_URL" in env, f"{workflow.name}: {step.get('name')} releases without SITE_URL"
    assert releasing, "no workflow publishes the site"
