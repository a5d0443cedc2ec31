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


#: The name under which a test records a line for the run's summary (``record_property``).
SUMMARY = "glossa-summary"


class _Summary:
    """Lines the tests asked to show after the run: seeds to replay a sample, corpus sizes.

    A test's own output is hidden unless it fails (and never reaches the terminal from a
    pytest-xdist worker), so such lines travel as recorded properties and are printed here.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "teardown":  # every phase's report carries the properties; the last has them all
            return
        self.lines += [f"{report.nodeid}: {value}" for name, value in report.user_properties if name == SUMMARY]

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if self.lines:
            terminalreporter.section("what the tests measured")
            for line in self.lines:
                terminalreporter.write_line(line)


def pytest_configure(config: pytest.Config) -> None:
    """Collect the tests' summary lines (see ``SUMMARY``)."""
    config.pluginmanager.register(_Summary(), "glossa-summary")
