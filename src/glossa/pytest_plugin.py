"""The pytest plugin ``glossa test`` loads in every edition: under ``CI=true`` nothing skips.

A skipped test is a test that did not run; counted beside the passes it reads as a pass.
Locally a skip is still useful (a browser that is not installed yet), so only under
``CI=true`` is every skip turned into a failure that says what could not run and why.
Expected failures (``xfail``) are left as pytest reports them: they ran.
"""

from __future__ import annotations

import os
from collections.abc import Generator

import pluggy
import pytest


def in_ci() -> bool:
    """Whether this run is CI's (``CI=true``, as GitHub Actions and ``.ci/run`` set it)."""
    return os.environ.get("CI", "").lower() == "true"


def _skip_reason(report: pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, pluggy.Result[pytest.TestReport], None]:
    """Under CI, report a skipped test as failed, with the skip's reason."""
    outcome = yield
    report = outcome.get_result()
    if in_ci() and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = (f"{item.nodeid} was skipped under CI=true, where every test must run: "
                           f"{_skip_reason(report)}")
