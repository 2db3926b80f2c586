"""The engine names no municipality: every fact about Ishinomaki is the site's data or a plugin option.

Another town installs the same package (issue 33): a division name, the city's name or its website's
host left in the engine's code would show on that town's pages, or make its checks judge by
Ishinomaki's facts. The words searched for are taken from the site's own configuration and data (the
plugin's ``city`` and ``website``, the site's names, the names of its divisions and departments in
``roles.yml``), plus 石巻 / Ishinomaki, so a division the City adds later is searched for too.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from sns_policy import datafiles
from sns_policy.site import ROOT, _ConfigLoader, load_site

ENGINE = ROOT / "scripts" / "sns_policy"
# Always searched for, whatever the data says: the city's name, and how its texts call it (本市).
ALWAYS = ("石巻", "Ishinomaki", "本市")
# A citation of an article (第41条) is a citation of one municipality's guideline or policy: its numbers
# are that site's. The skeleton of a new site (``skeleton/``) is pages a new town starts from, with
# articles of its own; everywhere else in the engine, a rule names what it says, not where a city put it.
ARTICLE = re.compile(r"第[0-9０-９]+条")
SKELETON = "skeleton"
# A role whose Japanese name ends so is an organisational unit of the City, a proper name;
# one that only describes a unit (個人情報保護を担当する課, 所属する部の部長) names no one in particular.
_UNIT = re.compile(r"(?:課|室|部|局|係|センター)$")
_DESCRIBED = re.compile(r"担当する|所属する")
_DEPARTMENT = re.compile(r"^(.+?部)(?=.)")  # 総務部 of 総務部秘書広報課


def unit_names(roles: dict[str, dict[str, object]]) -> set[str]:
    """The names of the divisions and departments among the roles, in both languages, full and short."""
    names: set[str] = set()
    for role in roles.values():
        short = role.get("short") if isinstance(role.get("short"), dict) else {}
        ja = [str(role.get("ja", "")), str(short.get("ja", ""))]
        if not any(_UNIT.search(name) and not _DESCRIBED.search(name) for name in ja):
            continue
        names |= {name for name in (*ja, str(role.get("en", "")), str(short.get("en", ""))) if name}
        names |= {match.group(1) for name in ja if (match := _DEPARTMENT.match(name))}
    return names


def city_words(config_file: Path = ROOT / "mkdocs.yml") -> set[str]:
    """Every word that would tie the engine to the city of ``config_file``'s site."""
    site = load_site(config_file)
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader)  # noqa: S506 - a safe loader
    words = set(ALWAYS) | {value for value in site.city.values() if value} | {site.site_name}
    for plugin in config.get("plugins", []):  # each language's site name (mkdocs-static-i18n)
        if isinstance(plugin, dict) and "i18n" in plugin:
            words |= {lang["site_name"] for lang in plugin["i18n"].get("languages", []) if lang.get("site_name")}
    host = urlsplit(site.website).hostname or ""
    words |= {host, host.removeprefix("www.")} - {""}
    roles = site.data_dir / "roles.yml"
    words |= unit_names(yaml.safe_load(roles.read_text(encoding="utf-8")) or {}) if roles.is_file() else set()
    return {word for word in words if word}


def is_text(path: Path) -> bool:
    """A file of the engine a person reads: not bytecode, not a binary."""
    if "__pycache__" in path.parts or not path.is_file():
        return False
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def offences(folder: Path, words: set[str], root: Path = ROOT) -> list[str]:
    """``file:line: word`` (from ``root``) for every line of a text file under ``folder`` that names one of
    ``words`` (case ignored) or, outside the skeleton, cites an article (:data:`ARTICLE`)."""
    pattern = re.compile("|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)), re.I)
    found = []
    for path in sorted(p for p in folder.rglob("*") if is_text(p)):
        patterns = [pattern] if SKELETON in path.relative_to(folder).parts else [pattern, ARTICLE]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in (m for each in patterns for m in each.finditer(line)):
                found.append(f"{path.relative_to(root).as_posix()}:{number}: {match.group(0)}")
    return found


def _message(found: list[str]) -> str:
    return ("エンジンのコードが市の名称や事実を書いています。サイトのデータ（scripts/data/）かプラグインの設定に移してください。\n"
            "The engine's code names the city; move the fact into the site's data (scripts/data/) or a plugin option:\n  "
            + "\n  ".join(found))


def test_the_words_come_from_the_sites_data() -> None:
    """The search is only as good as its words: the city's names, its website's host and its divisions are among them."""
    words = city_words()
    site = load_site()
    assert {site.city["ja"], site.city["en"], urlsplit(site.website).hostname} <= words
    roles = datafiles.load("roles.yml")
    assert any(roles[key]["short"]["ja"] in words for key in roles), "no division of roles.yml is searched for"
    assert not {"所属長", "ページ管理者", "運用担当者"} & words, "the guideline's generic roles are no city's facts"


def test_the_engine_names_no_city() -> None:
    found = offences(ENGINE, city_words())
    assert found == [], _message(found)


def test_a_city_fact_seeded_into_a_copy_of_the_engine_is_named_with_file_and_line(tmp_path: Path) -> None:
    copy = tmp_path / "scripts" / "sns_policy"
    shutil.copytree(ENGINE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    words = city_words()
    assert offences(copy, words, tmp_path) == []
    division = next(iter(sorted(unit_names(datafiles.load("roles.yml")))))
    module = copy / "content" / "routes.py"
    lines = module.read_text(encoding="utf-8").splitlines()
    lines.insert(3, f"# reports go to {division}")
    host = urlsplit(load_site().website).hostname
    (copy / "templates").mkdir(exist_ok=True)
    (copy / "templates" / "footer.html").write_text(f'<p>\n<a href="https://{host.upper()}/">x</a>\n', encoding="utf-8")
    lines.insert(5, '    return "本市の公式ページ（第45条）"')
    module.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = offences(copy, words, tmp_path)
    assert f"scripts/sns_policy/content/routes.py:4: {division}" in found, found
    assert any(item.startswith("scripts/sns_policy/templates/footer.html:2: ") for item in found), found
    assert {"scripts/sns_policy/content/routes.py:6: 本市", "scripts/sns_policy/content/routes.py:6: 第45条"} <= set(found), found
    assert len(found) == 4 and "scripts/sns_policy/content/routes.py:4" in _message(found)


def test_another_towns_words_come_from_its_own_configuration(tmp_path: Path) -> None:
    """A second town is searched for by its own names, not Ishinomaki's (the words follow the mkdocs.yml given)."""
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: 北町 SNS運用ポリシー\nplugins:\n  - sns-policy:\n      city: {ja: 北町, en: Kita Town, slug: kita-town}\n"
                      "      website: https://www.town.kita.example.jp/\n", encoding="utf-8")
    words = city_words(config)
    assert {"北町", "Kita Town", "kita-town", "www.town.kita.example.jp", "town.kita.example.jp"} <= words
