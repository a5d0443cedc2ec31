"""`mkdocs serve`: edits show up, a broken annotation keeps the server alive, and a fix recovers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from helpers import Site, basic_edition

from glossa.bench import free_port, stop_server


def _get(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, predicate, timeout: float = 40.0) -> str:
    deadline = time.time() + timeout
    text = ""
    while time.time() < deadline:
        text = _get(url)
        if predicate(text):
            return text
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting on {url}; last page had {len(text)} characters")


def test_serve_survives_a_broken_annotation_and_recovers(site: Site) -> None:
    basic_edition(site)
    port = free_port()
    site.config(site_url=f"http://127.0.0.1:{port}/")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}",
                             "-f", str(site.root / "mkdocs.yml")], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, cwd="/")
    url = f"http://127.0.0.1:{port}/people/stalin/"
    try:
        _wait_for(url, lambda t: "Summary of Joseph Stalin." in t)
        # An edit to an annotation shows up (annotations/ is watched).
        path = site.root / "annotations" / "people" / "stalin.yml"
        path.write_text(path.read_text(encoding="utf-8").replace("Summary of Joseph Stalin.", "An edited summary."),
                        encoding="utf-8")
        _wait_for(url, lambda t: "An edited summary." in t and "2 mentions in 2 paragraphs of 2 chapters" in t)
        # A broken file: the server stays up and the page says what is wrong.
        lenin = site.root / "annotations" / "people" / "lenin.yml"
        good = lenin.read_text(encoding="utf-8")
        lenin.write_text("name: Vladimir Lenin\nmatch: [Lenin\n", encoding="utf-8")
        page = _wait_for(url, lambda t: "glossa-build-errors" in t)
        assert "annotations/people/lenin.yml:3:1" in page
        assert proc.poll() is None
        # Fixed again: the banner goes and the site is whole.
        lenin.write_text(good, encoding="utf-8")
        _wait_for(url, lambda t: t and "glossa-build-errors" not in t and "An edited summary." in t)
        assert proc.poll() is None
    finally:
        err = stop_server(proc)
    assert "Traceback" not in err
    assert "lenin.yml:3:1: YAML syntax error" in err  # and in the terminal
