"""Links from the site to other websites: ``python -m sns_policy.commands.external_links SITE_DIR [--issue]``.

Other sites move and close pages without telling us, so a scheduled workflow checks every
outgoing link of the built site. With ``--issue`` (on GitHub, ``GH_TOKEN`` and
``GITHUB_REPOSITORY`` set by the workflow) the result is kept in ONE open issue labelled
``broken-links``: created when links break, updated while they stay broken, closed when
none are left. The build never does this: a strict build must not depend on other sites.
"""
from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bs4 import BeautifulSoup

LABEL = "broken-links"
TITLE = "外部リンク切れ / Broken external links"
USER_AGENT = "sns-policy-linkcheck"
API = os.environ.get("GITHUB_API_URL", "https://api.github.com")


def collect(site_dir: Path) -> dict[str, list[str]]:
    """Every outgoing http(s) link in the pages → the site paths of the pages it is on.

    The edit, report and repository links point at our own repository and are left out.
    """
    found: dict[str, set[str]] = defaultdict(set)
    for html in sorted(site_dir.rglob("*.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for link in soup.select("a[href]"):
            href = link["href"]
            ours = link.get("rel") == ["edit"] or link.has_attr("data-report-problem") or "md-source" in link.get("class", [])
            if href.startswith(("http://", "https://")) and not ours:
                found[href.split("#", 1)[0]].add("/" + html.relative_to(site_dir).parent.as_posix().strip(".") + "/")
    return {url: sorted(p.replace("//", "/") for p in pages) for url, pages in sorted(found.items())}


def status(url: str, timeout: float = 20) -> str | None:
    """None when the link works; otherwise what went wrong, in a few words."""
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            return f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            return str(getattr(error, "reason", error))
    return None


def broken_links(links: dict[str, list[str]], workers: int = 8) -> dict[str, str]:
    """Link → problem, for the links that do not work."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = dict(zip(links, pool.map(status, links)))
    return {url: problem for url, problem in results.items() if problem}


def report(broken: dict[str, str], links: dict[str, list[str]]) -> str:
    """The issue's body: each broken link, why, and the pages to fix."""
    if not broken:
        return "リンク切れはありません。 / No broken links."
    lines = ["次のリンクが開けません。各ページの該当箇所を直してください。",
             "These links do not open. Fix them on the pages listed.", "",
             "| リンク / Link | 問題 / Problem | ページ / Pages |", "|---|---|---|"]
    for url, problem in broken.items():
        lines.append(f"| <{url}> | {problem} | {', '.join(f'`{p}`' for p in links[url])} |")
    return "\n".join(lines) + "\n"


def _api(method: str, path: str, token: str, body: dict | None = None) -> object:
    request = urllib.request.Request(
        f"{API}{path}", method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Accept": "application/vnd.github+json", "User-Agent": USER_AGENT},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")


def sync_issue(repo: str, token: str, body: str, any_broken: bool) -> str:
    """Create, update or close the one ``broken-links`` issue; says which."""
    issues = _api("GET", f"/repos/{repo}/issues?labels={LABEL}&state=open&per_page=1", token)
    existing = issues[0]["number"] if isinstance(issues, list) and issues else None
    if existing and any_broken:
        _api("PATCH", f"/repos/{repo}/issues/{existing}", token, {"body": body})
        return f"updated issue #{existing}"
    if existing:
        _api("PATCH", f"/repos/{repo}/issues/{existing}", token, {"body": body, "state": "closed"})
        return f"closed issue #{existing}"
    if any_broken:
        created = _api("POST", f"/repos/{repo}/issues", token, {"title": TITLE, "body": body, "labels": [LABEL]})
        return f"opened issue #{created['number']}"  # type: ignore[index]
    return "no broken links, no issue"


def main(argv: list[str] | None = None) -> int:
    """Check the links of a built site; print the report (and keep the issue with ``--issue``)."""
    args = argv if argv is not None else sys.argv[1:]
    if not args:
        print("usage: python -m sns_policy.commands.external_links SITE_DIR [--issue]", file=sys.stderr)
        return 2
    links = collect(Path(args[0]))
    broken = broken_links(links)
    print(report(broken, links))
    print(f"{len(links)} external link(s) checked, {len(broken)} broken.")
    if "--issue" in args:
        print(sync_issue(os.environ["GITHUB_REPOSITORY"], os.environ["GH_TOKEN"], report(broken, links), bool(broken)))
    return 1 if broken and "--issue" not in args else 0


if __name__ == "__main__":
    raise SystemExit(main())
