"""Fixtures of the edition tests: the edition, its site built once and served, and a browser.

In CI (``CI=true``) a missing browser or Playwright is a failure, never a skip.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from glossa import testing


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives headless Chromium")


@pytest.fixture(scope="session")
def edition() -> Path:
    """The edition's mkdocs.yml."""
    path = Path(os.environ.get("GLOSSA_EDITION") or "mkdocs.yml").resolve()
    assert path.is_file(), f"no edition at {path}: run the edition tests with 'glossa test' in the edition's folder"
    return path


@pytest.fixture(scope="session")
def site(edition: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The edition built for, and served from, a local address: (folder, URL)."""
    out = tmp_path_factory.mktemp("edition-site")
    with testing.built_and_served(edition, out) as url:
        yield out, url


def unavailable(reason: str) -> None:
    """Skip locally; fail in CI, where browser tests must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201 - a Playwright Browser
    path = testing.chromium_path()
    if path is None:
        unavailable(f"no Chromium at {testing.CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover
        unavailable("playwright is not installed")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=testing.CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def context(browser, request):  # noqa: ANN001, ANN201
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(10000)
    yield ctx
    ctx.close()
