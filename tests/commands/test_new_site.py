"""One command starts a new municipality's site (scripts/sns_policy/commands/new_site.py): its output builds
with ``mkdocs build --strict`` at once, and a bad answers file is refused with file, line and field."""
from __future__ import annotations

import contextlib
import io
import os
import subprocess
from pathlib import Path

import yaml

from sns_policy.commands import new_site
from sns_policy.site import _ConfigLoader
from tests.conftest import Build
from tests.sites.sample_town import installed_engine  # noqa: F401 - fixture

ANSWERS = """\
name: {ja: 試作村, en: Shisaku Village}
website: https://www.vill.shisaku.example/
divisions:
  public_relations: {ja: 総務課, en: General Affairs Division}
  information_systems: {ja: 情報推進係, en: Information Section}
  disaster: {ja: 防災担当, en: Disaster Preparedness Office}
contact:
  routes:
    - label: {ja: 窓口, en: In person}
      text: {ja: 村役場の総務課の窓口, en: at the counter of the General Affairs Division at the Village Office}
    - label: {ja: 郵便（書面）, en: By post (in writing)}
      written: true
      text: {ja: 村役場 総務課あての手紙, en: a letter to the General Affairs Division of the Village Office}
  hours: {ja: 開庁日の開庁時間内, en: in office hours on working days}
  answer_within_working_days: 5
roles:
  operator: {ja: 運用担当者, en: Operator}
  page_manager: {ja: ページ管理者, en: Page manager}
  head_of_division: {ja: 所属長, en: Head of division}
"""


def _answers(tmp_path: Path, text: str = ANSWERS) -> Path:
    path = tmp_path / "answers.yml"
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = new_site.main(list(args))
    return code, out.getvalue() + err.getvalue()


def test_a_scaffolded_site_builds_strictly_with_the_installed_engine(installed_engine: Path, tmp_path: Path) -> None:
    """The command and the build as another municipality runs them: from the pip-installed engine."""
    answers, site = _answers(tmp_path), tmp_path / "shisaku"
    made = subprocess.run([str(installed_engine), "-m", "sns_policy.commands.new_site", str(answers), str(site)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stdout + made.stderr
    built = subprocess.run([str(installed_engine), "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "out")],
                           cwd=site, capture_output=True, text=True, timeout=600,
                           env={**{k: v for k, v in os.environ.items() if k != "REPO_URL"}, "NO_MKDOCS_2_WARNING": "1"})
    result = Build(tmp_path / "out", built.returncode, built.stdout + built.stderr)
    assert result.returncode == 0, f"the scaffolded site does not build:\n{result.output}"
    home = (result.site_dir / "index.html").read_text(encoding="utf-8")
    assert "試作村 SNS運用方針" in home and "https://www.vill.shisaku.example/" in home
    policy = (result.site_dir / "policy" / "index.html").read_text(encoding="utf-8")
    assert "村役場の総務課の窓口" in policy, "the contact routes answered are on the policy"
    assert (result.site_dir / "en" / "incidents" / "quick-reference" / "index.html").is_file()
    assert (result.site_dir / "assets" / "images" / "og-image.png").is_file(), "the engine's sharing picture until the site has its own"


def test_a_bad_answers_file_is_refused_with_file_line_and_field_in_both_languages(tmp_path: Path) -> None:
    broken = ANSWERS.replace("website: https://www.vill.shisaku.example/", "website: http://shisaku").replace(
        "  page_manager: {ja: ページ管理者, en: Page manager}\n", "")
    code, output = _run(str(_answers(tmp_path, broken)), str(tmp_path / "site"))
    assert code == 1
    assert "answers.yml:2: website" in output, output
    assert "answers.yml:" in output and "roles.page_manager" in output, output
    assert "[ja] 必須の項目がありません" in output and "[en] 'page_manager' is a required property" in output, output
    assert "Traceback" not in output
    assert not (tmp_path / "site").exists(), "nothing is written for refused answers"


def test_an_answers_file_that_is_not_yaml_is_refused_with_its_line(tmp_path: Path) -> None:
    code, output = _run(str(_answers(tmp_path, ANSWERS.replace("roles:\n", "roles: [\n"))), str(tmp_path / "site"))
    assert code == 1 and "answers.yml:" in output and "YAML" in output and "Traceback" not in output, output


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "keep.md").write_text("x", encoding="utf-8")
    code, output = _run(str(_answers(tmp_path)), str(tmp_path / "site"))
    assert code == 1 and "site" in output and "空のフォルダーではありません" in output, output


def test_an_answer_cannot_change_a_file_s_structure(tmp_path: Path) -> None:
    """Quotes, a colon and a hash in a name stay text: in YAML, in front matter and in Markdown."""
    odd = 'A: "B" #C*'
    new_site.create(_answers(tmp_path, ANSWERS.replace("{ja: 試作村, en: Shisaku Village}", f"{{ja: 試作村, en: '{odd}'}}")),
                    tmp_path / "site")
    config = yaml.load((tmp_path / "site" / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    english = next(lang for plugin in config["plugins"] if isinstance(plugin, dict) and "i18n" in plugin
                   for lang in plugin["i18n"]["languages"] if lang["locale"] == "en")
    assert english["site_name"] == f"{odd} social media policy"
    policy = (tmp_path / "site" / "docs" / "en" / "policy.md").read_text(encoding="utf-8")
    front = yaml.safe_load(policy.split("---\n")[1])
    assert front["title"] == f"{odd} Facebook operating policy"
    assert "A: \"B\" \\#C\\*" in policy.split("---\n", 2)[2] or "A: &quot;B&quot;" in policy, "escaped in the Markdown body"
    statements = yaml.safe_load((tmp_path / "site" / "data" / "statements.yml").read_text(encoding="utf-8"))
    assert f"\n{odd}, [DIVISION]" in statements["holding"][0]["en"], "inside a block of text the name is written as it is"
