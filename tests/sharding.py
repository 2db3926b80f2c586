"""Shards of the full suite (``bash scripts/test.sh shard K N``, GitHub Actions' matrix).

pytest-split chooses each shard's tests by their stored durations (``tests/durations.json``).
Left to itself it would spread the tests of one GROUPED part (tests/conftest.py) over several
shards, and each of those shards would visit the whole part in a browser again. So the split is
made here, with pytest-split's own algorithm, over *units*: a unit is one test, or every test of
one GROUPED part, weighed as the sum of its tests' durations. A unit lands whole in one shard.

pytest-split registers its plugin under the name ``pytestsplitplugin`` when ``--splits`` and
``--group`` are given; ``take_over`` replaces it by ``GroupedSplit``, which reads the same
options and the same durations file. That name and ``pytest_split.algorithms`` are the two
things of pytest-split this module relies on (ARCHITECTURE.md lists them).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DURATIONS = Path(__file__).with_name("durations.json")


@dataclass
class Unit:
    """Tests that must run in the same shard; ``nodeid`` is what pytest-split's algorithm reads."""

    nodeid: str
    items: list = field(default_factory=list)


def units_of(items: list, group_of) -> list[Unit]:
    """``items`` gathered by ``group_of(nodeid)``, in the order their first test was collected."""
    units: dict[str, Unit] = {}
    for item in items:
        units.setdefault(group_of(item.nodeid), Unit(group_of(item.nodeid))).items.append(item)
    return list(units.values())


def unit_durations(units: list[Unit], durations: dict[str, float]) -> dict[str, float]:
    """Each unit's stored duration: the sum of its tests' (a unit with none stored gets the average)."""
    out = {}
    for unit in units:
        known = [durations[item.nodeid] for item in unit.items if item.nodeid in durations]
        if known:
            out[unit.nodeid] = sum(known)
    return out


def split(items: list, splits: int, group: int, durations: dict[str, float], algorithm: str, group_of) -> tuple[list, list, float]:
    """Shard ``group`` (1-based) of ``splits``: its tests, the others, and its estimated seconds."""
    from pytest_split import algorithms

    units = units_of(items, group_of)
    chosen = algorithms.Algorithms[algorithm].value(splits, units, unit_durations(units, durations))[group - 1]
    keep = {id(item) for unit in chosen.selected for item in unit.items}
    return [i for i in items if id(i) in keep], [i for i in items if id(i) not in keep], chosen.duration


class GroupedSplit:
    """pytest-split's selection, made over units so a GROUPED part is never cut between shards."""

    def __init__(self, config: pytest.Config, durations: dict[str, float], group_of) -> None:
        self.config, self.durations, self.group_of = config, durations, group_of

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list) -> None:
        option = config.option
        selected, deselected, seconds = split(items, option.splits, option.group, self.durations,
                                              option.splitting_algorithm, self.group_of)
        items[:] = selected
        config.hook.pytest_deselected(items=deselected)
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"[shard] {option.group} of {option.splits}: {len(selected)} tests, "
                                f"about {seconds:.0f} s by tests/durations.json (GROUPED parts kept whole)")


def take_over(config: pytest.Config, group_of) -> None:
    """Put ``GroupedSplit`` in the place of pytest-split's own plugin, when a shard was asked for."""
    plugin = config.pluginmanager.get_plugin("pytestsplitplugin")
    if plugin is None:
        return
    config.pluginmanager.unregister(plugin)
    durations = plugin.cached_durations if isinstance(plugin.cached_durations, dict) else {}
    config.pluginmanager.register(GroupedSplit(config, durations, group_of), "grouped-split")


def load_durations(path: Path = DURATIONS) -> dict[str, float]:
    """The stored durations (test id → seconds); empty when the file is missing."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def longest_first(items: list, group_of, durations: dict[str, float]) -> list:
    """``items`` with their units ordered by stored duration, longest first (test order kept inside a unit).

    pytest-xdist hands the units out in this order, each to whichever worker is free: the long ones
    (a part of the site visited in a browser, an editor's journey) start at once and the short ones
    fill the gaps at the end, so no worker runs one long unit alone while the others are done. A unit
    with no stored duration is weighed as the average test times its number of tests.
    """
    units = units_of(items, group_of)
    known = unit_durations(units, durations)
    average = sum(durations.values()) / len(durations) if durations else 1.0
    weight = {unit.nodeid: known.get(unit.nodeid, average * len(unit.items)) for unit in units}
    ordered = sorted(units, key=lambda unit: -weight[unit.nodeid])  # sorted() is stable: ties keep their order
    return [item for unit in ordered for item in unit.items]
