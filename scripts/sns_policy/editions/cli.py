"""Print the PDF editions into a site already built: ``python -m sns_policy.editions.cli SITE_DIR``.

``mkdocs build`` prints them itself; this is for a site built where Chromium was not at hand.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sns_policy.editions.build import unavailable_reason, write_pdfs


def main(argv: list[str] | None = None) -> int:
    """Print the PDF editions into a site already built (``mkdocs build`` does this itself)."""
    parser = argparse.ArgumentParser(prog="python -m sns_policy.editions.cli", description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", help="a site built by mkdocs build")
    args = parser.parse_args(argv)
    reason = unavailable_reason()
    if reason:
        print(f"Cannot print the PDF editions: {reason}.", file=sys.stderr)
        return 2
    for path in write_pdfs(Path(args.site_dir)):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
