"""The words the site writes, per language, stated once in ``scripts/data/``.

``labels.yml`` holds the words of page parts (field names, box titles, notes, the form's texts);
``versioning.yml`` the words of revisions (revision tables, 新旧対照表, the last-updated line, PDF
links, translation notices). Every module that writes them reads them here, through
:mod:`sns_policy.datafiles`, which reads each file once per build; what they return is shared, so
callers only read it.
"""
from __future__ import annotations

from typing import Any

from sns_policy import datafiles


def labels() -> dict[str, Any]:
    """Words the build writes, per language (``scripts/data/labels.yml``)."""
    return datafiles.load("labels.yml")


def versioning(lang: str) -> dict[str, Any]:
    """Words of the versioning features in ``lang`` (``scripts/data/versioning.yml``)."""
    return datafiles.load("versioning.yml")[lang]
