"""Fixtures shared by all test folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import Site


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """An empty edition in a temporary folder."""
    return Site(tmp_path / "edition")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The modules with slow tests run first, in the order collected (a stable sort).

    With pytest-xdist handing out whole modules, the long ones (the XSS corpus, the new edition
    installed from nothing, the live-reload equivalence) start at once on different workers,
    instead of one of them starting last and leaving the other worker idle.
    """
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)
