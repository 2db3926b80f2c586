"""Incident playbooks refused when they break a rule: schema, severity's target, roles, policy sections,
required sections, and facts that must agree in every language."""
from __future__ import annotations

import re
from sns_policy.sources.markdown_ids import heading_ids, section
from sns_policy.playbooks.model import POLICY_PAGE, SCHEMA, SHARED_KEYS, playbooks_of
from sns_policy.sources.pages import PageSet
from sns_policy.problems import Problem
from sns_policy.content.rules import check_playbook_rules
from sns_policy.sources.schema import severity_levels, validate

# Sections every playbook must have, by explicit heading id, and why.
REQUIRED_SECTIONS = {
    "who-decides": "who decides",
    "checklist": "the step-by-step checklist",
    "dont": "what not to do",
    "closing": "when the incident is closed",
}
_TASK = re.compile(r"^\s*[-*]\s+\[[ xX]\]\s+\S", re.M)


def check_playbooks(pageset: PageSet) -> list[Problem]:
    """Schema, referenced roles and policy sections, required sections, language agreement."""
    problems: list[Problem] = []
    levels = severity_levels()
    for lang in pageset.languages:
        policy = pageset.of(lang).get(POLICY_PAGE)
        policy_ids = set(heading_ids(policy.body)) if policy else set()
        for playbook in playbooks_of(pageset, lang):
            name, data = playbook.page.name, playbook.data
            schema_problems = validate(data, SCHEMA, name, "incident", page=playbook.page)
            problems += schema_problems
            if not isinstance(data, dict):
                continue
            if data.get("type") != playbook.slug:
                problems.append(Problem(name, "incident.type", f"is {data.get('type')!r} but must equal the file name {playbook.slug!r}",
                                        playbook.page.line_of(("incident", "type")),
                                        f"が {data.get('type')!r} ですが、ファイル名 {playbook.slug!r} と同じにしてください。"))
            severity = data.get("severity")
            level = levels.get(severity) if isinstance(severity, int) and not isinstance(severity, bool) else None
            minutes = data.get("first_response_minutes")
            if level and isinstance(minutes, int) and minutes > level["target_minutes"]:
                problems.append(Problem(name, "incident.first_response_minutes",
                                        f"is {minutes}, slower than the {level['target_minutes']}-minute target of severity {data['severity']}",
                                        playbook.page.line_of(("incident", "first_response_minutes")),
                                        f"が {minutes} 分で、深刻度 {data['severity']} の目標 {level['target_minutes']} 分より遅くなっています。"))
            problems += check_playbook_rules(data, playbook.page.body, lang, playbook.page)
            refs = data.get("policy_sections")
            for ref in refs if isinstance(refs, list) else []:
                if isinstance(ref, str) and ref not in policy_ids:
                    problems.append(Problem(name, "incident.policy_sections",
                                            f"refers to section #{ref}, which does not exist in docs/{lang}/{POLICY_PAGE}",
                                            playbook.page.line_of(("incident", "policy_sections")),
                                            f"が節 #{ref} を指していますが、docs/{lang}/{POLICY_PAGE} にその節がありません。"))
            for section_id, meaning in REQUIRED_SECTIONS.items():
                text = section(playbook.page.body, section_id)
                if text is None:
                    problems.append(Problem(name, f"#{section_id}", f"section is missing: every playbook must say {meaning}", None,
                                            f"の節がありません。どの対応手順にも {meaning} を書いてください。"))
                elif section_id == "checklist" and not _TASK.search(text):
                    problems.append(Problem(name, "#checklist", "has no checklist items: write the steps as a task list (- [ ] ...)", None,
                                            "にチェック項目がありません。手順を「- [ ] …」の形で書いてください。"))
    original, *translations = pageset.languages
    originals = {p.slug: p for p in playbooks_of(pageset, original)}
    for lang in translations:
        for playbook in playbooks_of(pageset, lang):
            source = originals.get(playbook.slug)
            if not source:
                continue
            if not isinstance(source.data, dict) or not isinstance(playbook.data, dict):
                continue
            for key in SHARED_KEYS:
                if source.data.get(key) != playbook.data.get(key):
                    problems.append(Problem(playbook.page.name, f"incident.{key}",
                                            f"differs from the original {source.page.name}: the facts must match in every language",
                                            playbook.page.line_of(("incident", key)),
                                            f"が原文 {source.page.name} と違います。事実はどの言語でも同じにしてください。"))
    return problems
