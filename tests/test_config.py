"""The plugin's options (scripts/sns_policy/config.py) are checked by MkDocs' own config classes.

A town that misspells its website or leaves out its name must learn it from MkDocs' message when the
build starts, never from a traceback or from pages that name nobody. The tools that run without
MkDocs read the same options (sns_policy.site), with the same default data folder.
"""
from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError

from sns_policy import config as options
from sns_policy.site import ROOT, _ConfigLoader, load_site

CITY = {"ja": "北町", "en": "Kita Town", "slug": "kita-town"}
WEBSITE = "https://www.town.kita.example.jp/"


def _site(tmp_path: Path, plugin: dict) -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / options.DATA_DIR).mkdir(parents=True, exist_ok=True)  # the default data folder
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(yaml.safe_dump({"site_name": "t", "plugins": [{"sns-policy": plugin}]}, allow_unicode=True), encoding="utf-8")
    return config


def test_the_sites_own_options_pass_and_reach_the_tools() -> None:
    real = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 - a safe loader
    (ours,) = [p[options.PLUGIN_NAME] for p in real["plugins"] if isinstance(p, dict) and options.PLUGIN_NAME in p]
    checked = options.PolicySiteConfig()
    checked.load_dict(ours)
    assert checked.validate() == ([], [])
    site = load_site()
    assert site.city == {key: checked.city[key] for key in ("ja", "en", "slug")} and site.website == checked.website
    assert site.data_dir == ROOT / options.DATA_DIR == ROOT / ours["data_dir"]


def test_good_options_load(tmp_path: Path) -> None:
    (tmp_path / "facts").mkdir()
    config = load_config(str(_site(tmp_path, {"city": CITY, "website": WEBSITE, "data_dir": "facts"})))
    plugin = config.plugins["sns-policy"]
    assert plugin.config.city["slug"] == "kita-town" and Path(plugin.config.data_dir) == tmp_path / "facts"
    assert load_site(tmp_path / "mkdocs.yml").data_dir == tmp_path / "facts"


@pytest.mark.parametrize("plugin, words", [
    ({"city": CITY, "website": "www.town.kita.example.jp"}, ("website", "http")),
    ({"city": CITY}, ("website", "Required")),
    ({"city": {"ja": "北町", "en": "Kita Town"}, "website": WEBSITE}, ("city", "slug")),
    ({"city": {**CITY, "slug": "Kita Town"}, "website": WEBSITE}, ("city", "not a slug")),
    ({"city": CITY, "website": WEBSITE, "data_dir": 3}, ("data_dir", "str")),
    ({"city": CITY, "website": WEBSITE, "data_dir": "no-such-folder"}, ("data_dir", "no-such-folder", "existing directory")),
    ({"city": CITY, "website": WEBSITE, "citty": "x"}, ("citty",)),
])
def test_a_bad_option_stops_the_build_with_mkdocs_message(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                                          plugin: dict, words: tuple[str, ...]) -> None:
    config_file = _site(tmp_path, plugin)
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        try:
            load_config(str(config_file), strict=True)
        except (Abort, ConfigurationError) as error:
            said = caplog.text + str(error)
        else:
            pytest.fail(f"{plugin} was accepted")
    assert "sns-policy" in said and all(word in said for word in words), said
