"""No page may present the proposal's submission date as a date of adoption.

The 2016 proposal was *submitted* to a meeting on 平成28年10月17日; nothing on this
site was adopted, enacted or established that day. A sentence that names that day
together with a word of adoption (策定, 制定, 採択, adopted, established, …) misleads
readers about the legal standing of the texts, so the build refuses it.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from sns_policy.sources.pages import PageSet
from sns_policy.problems import Problem

# The day the proposal was submitted, as pages write it in either language.
SUBMISSION_DATE = re.compile(
    r"10\s*月\s*(17|１７)\s*日|17\s+October\s+2016|October\s+17,?\s+2016|2016-10-17|17/10/2016"
)
# Words that say a text was adopted or came into force. The page that tells how the drafts
# came to be proposed is 「提案の経緯」: 「策定の経緯」 would itself say they were adopted.
ADOPTION = re.compile(
    r"策定|制定|採択|可決|議決|決裁|決定|承認|施行(?!予定|する予定|の予定)"
    r"|\b(adopt|establish|enact|approv|ratif)\w*|came into (force|effect)|took effect|in force",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[。！？!?\n])|(?<=\.)\s")


def adoption_claims(text: str) -> list[str]:
    """Sentences of ``text`` that name the submission date as a date of adoption."""
    found = []
    for sentence in _SENTENCE_END.split(text):
        if SUBMISSION_DATE.search(sentence) and ADOPTION.search(sentence):
            found.append(sentence.strip())
    return found


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a front-matter value (history entries, titles, plan fields)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _line(page: Any, sentence: str) -> int | None:
    """The file line where ``sentence`` starts (the body first, then the front matter)."""
    probe = sentence.strip().splitlines()[0][:40] if sentence.strip() else ""
    for number, line in enumerate(page.body.split("\n"), page.body_line):
        if probe and probe in line:
            return number
    return page.line_of(("history",)) if probe else None


def check_provenance(pageset: PageSet) -> list[Problem]:
    """Every page's text and front matter, in every language, is free of adoption claims."""
    problems: list[Problem] = []
    for lang in pageset.languages:
        for page in pageset.of(lang).values():
            if "amendment" in page.meta:
                continue  # a 新旧対照表 quotes earlier text as it was; it is generated from git and tested against it
            texts = [page.body, *_strings(page.meta)]
            for sentence in (s for t in texts for s in adoption_claims(t)):
                problems.append(Problem(
                    page.name, "",
                    f"presents 17 October 2016 as a date of adoption: {sentence[:120]!r}. That day the proposal was "
                    "only submitted to a meeting; write 提出 / submitted, not 策定・制定 / adopted, established",
                    _line(page, sentence),
                    f"平成28年10月17日を策定・制定等の日として書いています：{sentence[:120]!r}。この日は提案書が会議に"
                    "提出されただけです。「策定・制定」ではなく「提出」と書いてください。",
                ))
    return problems
