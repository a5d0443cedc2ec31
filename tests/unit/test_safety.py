"""Safety: XSS payloads never reach the site; schemas stay in sync; no input raises a traceback."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from glossa.matcher import FormSpec, Matcher
from glossa.registry import load_registry
from glossa.render import sanitize
from glossa.schema import SCHEMA_DIR, schemas
from glossa.yamlsafe import load_text
from hypothesis import given, settings
from hypothesis import strategies as st

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[x](javascript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<iframe src="https://evil.example"></iframe>',
    '<a href="#" onclick="alert(1)">x</a>',
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<object data=x></object><embed src=x>",
    '<form action="https://evil.example"><input></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '"><script>alert(1)</script>',
    "<<script>script>alert(1)<</script>/script>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
]
BAD_TAGS = {"script", "iframe", "style", "object", "embed", "form", "input", "meta", "svg", "math", "img"}


class _Active(HTMLParser):
    """Collects real tags and attributes (escaped text such as '&lt;script&gt;' is inert and ignored)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in BAD_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            v = re.sub(r"[\s\x00-\x1f]", "", (value or "")).lower()
            if name.startswith("on") or (name in ("href", "src", "action", "style") and
                                         (v.startswith(("javascript:", "data:", "vbscript:")) or "javascript:" in v)):
                self.found.append(f"{tag}[{name}={value}]")


def active(html: str) -> list[str]:
    p = _Active()
    p.feed(html)
    return p.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitiser_removes_active_content(payload: str) -> None:
    import markdown

    assert not active(sanitize(markdown.markdown(payload)))


def test_xss_corpus_in_annotations_leaves_no_active_content(site) -> None:
    from helpers import basic_edition

    basic_edition(site)
    body = "\n\n".join(PAYLOADS).replace("\n", "\n  ")
    site.write("annotations/notes/1-2.yml", f"chapter: 1\nnumber: 2\ntext: |\n  {body}\n")
    site.write("annotations/people/lenin.yml", "name: Lenin <script>alert(1)</script>\nmatch: [Lenin]\n"
               f"summary: '<img src=x onerror=alert(1)>'\nprofile: |\n  {body}\n"
               "sources:\n  - title: '<script>alert(2)</script>'\n    url: 'https://example.org/\"><script>'\n")
    result = site.build(strict=False)
    assert result.returncode == 0, result.stderr
    assert "raw HTML" in result.stderr  # the build flags it as well
    for page in (site.root / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        content = html[html.find("<article"): html.rfind("</article>")]
        assert not active(content), (page, active(content))


def test_committed_schemas_match_the_model() -> None:
    for name, text in schemas().items():
        path = SCHEMA_DIR / name
        assert path.exists(), f"run: python3 glossa schema ({name} missing)"
        assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text), f"{name} is stale: run python3 glossa schema"


def test_annotation_files_reference_their_schema() -> None:
    root = Path(__file__).resolve().parents[2] / "annotations"
    for folder, kind in (("people", "person"), ("glossary", "term"), ("notes", "note")):
        for f in (root / folder).glob("*.yml"):
            assert f.read_text(encoding="utf-8").startswith(
                f"# yaml-language-server: $schema=../../hooks/schemas/{kind}.schema.json"), f


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_yaml_loader_never_raises(text: str) -> None:
    loaded, problems = load_text(text, "x.yml")
    assert loaded is not None or problems


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "match", "summary", "profile", "born", "related", "nmae", "sources"]),
                       st.one_of(st.text(max_size=20), st.lists(st.text(max_size=10), max_size=3), st.integers()),
                       max_size=6))
def test_loader_and_check_never_raise(tmp_path_factory, data) -> None:
    import yaml

    root = tmp_path_factory.mktemp("prop")
    (root / "annotations" / "people").mkdir(parents=True)
    (root / "annotations" / "people" / "x.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    _registry, problems = load_registry(root / "annotations", root)
    assert all(p.file.startswith("annotations/") for p in problems)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), st.lists(st.text(min_size=1, max_size=15), max_size=5))
def test_matcher_never_raises_and_spans_are_valid(text: str, forms: list[str]) -> None:
    m = Matcher([FormSpec(f"e{i}", f) for i, f in enumerate(forms)])
    last = 0
    for hit in m.find(text):
        assert last <= hit.start < hit.end <= len(text)
        last = hit.end
