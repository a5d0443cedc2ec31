"""Fixtures shared by all test folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import Site


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """An empty edition in a temporary folder."""
    return Site(tmp_path / "edition")
