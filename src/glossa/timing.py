"""Phase timers for the benchmark: off (and free) unless a benchmark switches them on.

Core code calls :func:`add` only behind ``if timing.enabled``, so a normal build
pays one attribute lookup per page, not a clock read per text node.
"""

from __future__ import annotations

import time
from collections import defaultdict

enabled = False
totals: dict[str, float] = defaultdict(float)
clock = time.perf_counter


def reset(on: bool) -> None:
    """Start a build's timings afresh; ``on`` switches collection on or off."""
    global enabled
    enabled = on
    totals.clear()


def add(phase: str, seconds: float) -> None:
    """Add ``seconds`` to ``phase``."""
    totals[phase] += seconds
