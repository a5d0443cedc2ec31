"""Fixtures of the edition tests: the edition, its site built once and served, and a browser.

In CI (``CI=true``) a missing browser or Playwright is a failure, never a skip.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from glossa import testing

#: Where failing browser tests leave a screenshot of each open page (outside the edition's files).
ARTIFACTS = Path(os.environ.get("GLOSSA_ARTIFACTS") or Path(tempfile.gettempdir()) / "glossa-artifacts")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
#: A chapter is ready: the page's script has run, and its previews file is in (or has failed).
READY_JS = ("!!document.querySelector('a[data-glossa][aria-haspopup]')"
            " && !document.querySelector('aside.glossa-previews:not([data-glossa-state])')")

#: Resolves once the page is still: two frames with no finite animation or transition running
#: (the theme fades its header title in after a scroll, and a preview slides in), waiting for
#: each to finish. Infinite animations (a spinner) never finish and are not waited for.
SETTLED_JS = """async () => {
  const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
  for (let round = 0; round < 50; round++) {
    await frame();
    await frame();
    const running = document.getAnimations().filter(a => a.playState !== 'finished' && a.playState !== 'idle'
      && a.effect && a.effect.getComputedTiming().endTime !== Infinity);
    if (!running.length) return round;
    await Promise.all(running.map(a => a.finished.catch(() => null)));
  }
  throw new Error('the page kept animating');
}"""


def settle(page) -> None:  # page: a Playwright Page
    """Wait until nothing on the page is moving or fading (see ``SETTLED_JS``), never for a fixed time."""
    page.evaluate(SETTLED_JS)


_SERVERS = pytest.StashKey[ExitStack]()
#: What the collection left out, for the summary.
UNUSED = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives headless Chromium")
    config.addinivalue_line("markers", "uses(kind): runs only in editions that use the kind (e.g. notes)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave out the tests of a kind the edition does not use (a book without numbered notes).

    They are deselected, and said so in the summary, never counted as passed or skipped.
    """
    wanted = {m.args[0] for item in items for m in item.iter_markers("uses")}
    if not wanted:
        return
    used = set(kinds_in_edition())
    keep = [i for i in items if all(m.args[0] in used for m in i.iter_markers("uses"))]
    dropped = [i for i in items if i not in keep]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep
        missing = ", ".join(sorted(wanted - used))
        config.stash[UNUSED] = f"{len(dropped)} test(s) of kinds this edition does not use ({missing}) deselected"


def pytest_report_collectionfinish(config: pytest.Config) -> str | None:
    """Say which tests were left out because the edition does not use their kind."""
    return config.stash.get(UNUSED, None)


def edition_file() -> Path:
    """The edition's mkdocs.yml (``GLOSSA_EDITION``, else the current folder's)."""
    return Path(os.environ.get("GLOSSA_EDITION") or "mkdocs.yml").resolve()


@pytest.fixture(scope="session")
def edition() -> Path:
    """The edition's mkdocs.yml."""
    path = edition_file()
    assert path.is_file(), f"no edition at {path}: run the edition tests with 'glossa test' in the edition's folder"
    return path


def kinds_in_edition() -> list[str]:
    """The kinds an edition uses: those with entries, and notes if a chapter has a note marker.

    Tests of one kind are generated for these only, so an edition without, say, events
    runs no event tests instead of skipping them; a kind with entries must then be marked.
    """
    from glossa.kinds import KINDS, NOTE
    from glossa.project import ProjectError, load_project
    from glossa.project import edition as load_edition

    try:
        ed = load_edition(load_project(edition_file()))
    except (ProjectError, OSError):
        return list(KINDS)  # the tests then fail with the edition's own error
    used = {e.kind.name for e in ed.registry.entries.values()}
    if any(ch.markers for ch in ed.chapters):
        used.add(NOTE.name)
    return [k for k in KINDS if k in used]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise ``kind`` with the kinds this edition uses."""
    if "kind" in metafunc.fixturenames:
        metafunc.parametrize("kind", kinds_in_edition())


#: The editions built and served in this run, by config file (see ``served_builds``).
SERVED = pytest.StashKey[dict[Path, testing.ServedBuild]]()


@pytest.fixture(scope="session")
def served_builds(request: pytest.FixtureRequest,
                  tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], testing.ServedBuild]:
    """Each edition built (strictly) and served once for the whole run, whichever tests ask for it.

    Building is the slow part of these tests: the edition tests and an edition's own tests
    (this repository's demo tests) read and browse the same site. The builds are kept on the
    pytest config, like the browser, so that modules which import this fixture share them.
    """
    config = request.config
    if SERVED not in config.stash:
        config.stash[SERVED] = {}
        stack = ExitStack()
        config.add_cleanup(stack.close)
        config.stash[_SERVERS] = stack
    made, stack = config.stash[SERVED], config.stash[_SERVERS]

    def get(config_file: Path) -> testing.ServedBuild:
        key = config_file.resolve()
        if key not in made:
            out = tmp_path_factory.mktemp("edition-site")
            made[key] = stack.enter_context(testing.built_and_served(key, out))
        return made[key]

    return get


@pytest.fixture(scope="session")
def served(edition: Path, served_builds: Callable[[Path], testing.ServedBuild]) -> testing.ServedBuild:
    """The edition built strictly for, and served from, a local address."""
    return served_builds(edition)


@pytest.fixture(scope="session")
def site(served: testing.ServedBuild) -> tuple[Path, str]:
    """The edition built for, and served from, a local address: (folder, URL)."""
    return served.out, served.url


def unavailable(reason: str) -> None:
    """Skip locally; fail in CI, where browser tests must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"browser tests must run in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest):  # -> a Playwright Browser
    """Debian's Chromium, one for the whole run.

    Kept on the pytest config, so that test modules elsewhere which import this fixture (the
    demo's own browser tests) share it: Playwright's sync API runs once per process.
    """
    config = request.config
    shared = getattr(config, "_glossa_browser", None)
    if shared is None:
        path = testing.chromium_path()
        if path is None:
            unavailable(f"no Chromium at {testing.CHROMIUM} (apt-get install chromium)")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:  # pragma: no cover
            unavailable("playwright is not installed")
        pw = sync_playwright().start()
        shared = pw.chromium.launch(executable_path=path, args=testing.CHROMIUM_ARGS)
        config._glossa_browser = shared  # type: ignore[attr-defined]  # one browser per session

        def stop() -> None:
            shared.close()
            pw.stop()

        config.add_cleanup(stop)
    return shared


@pytest.fixture
def make_context(browser, request) -> Iterator[Callable[..., object]]:
    """Make browser contexts (desktop by default; pass ``**PHONE`` for a phone); all closed afterwards."""
    made = []

    def make(**options: object):
        options.setdefault("viewport", DESKTOP)
        ctx = browser.new_context(**options)
        ctx.set_default_timeout(10000)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        _screenshot_on_failure(ctx, request)
        ctx.close()


@pytest.fixture
def context(make_context):
    """A desktop context, 1280×900, light scheme."""
    return make_context()


def _screenshot_on_failure(ctx, request) -> None:
    rep = getattr(request.node, "rep_call", None)
    if rep is None or not rep.failed:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "-", request.node.name)
    for i, page in enumerate(ctx.pages):
        try:
            page.screenshot(path=str(ARTIFACTS / f"FAILED-{name}-{i}.png"))
        except Exception:
            pass


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)
