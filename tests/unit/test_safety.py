"""Safety properties: the sanitiser and renderer leave nothing active; no input makes a parser raise.

The whole-site sweep (every payload in every slot of a built edition) is tests/sites/test_security.py.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import assert_no_blowup
from hypothesis import given, settings
from hypothesis import strategies as st
from xss_corpus import unique

from glossa import guard, hazards
from glossa.chapters import parse_page
from glossa.extension import GlossaExtension, PageSetup
from glossa.matcher import FormSpec, Matcher
from glossa.registry import load_registry
from glossa.render import sanitize, sanitize_page
from glossa.yamlsafe import load_text

BAD_TAGS = {"script", "iframe", "style", "object", "embed", "form", "input", "meta", "svg", "math", "img", "base",
            "link", "frame", "frameset", "textarea", "button", "select", "video", "audio", "source", "template"}


class _Active(HTMLParser):
    """Collects real tags and attributes (escaped text such as '&lt;script&gt;' is inert and ignored)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        ours = tag == "input" and a.get("type") == "checkbox" and "data-kind" in a  # the mark switches
        if tag in BAD_TAGS and not ours:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            v = re.sub(r"[\x00-\x20]", "", (value or "")).lower()  # what URL parsers drop
            if name.startswith("on") or (name in ("href", "src", "action", "style", "formaction", "xlink:href") and
                                         re.match(r"^(javascript|data|vbscript):", v)):
                self.found.append(f"{tag}[{name}={value}]")


def active(html: str) -> list[str]:
    p = _Active()
    p.feed(html)
    return p.found


@pytest.fixture(scope="module")
def ext(tmp_path_factory: pytest.TempPathFactory) -> GlossaExtension:
    root = tmp_path_factory.mktemp("safety")
    (root / "annotations" / "people").mkdir(parents=True)
    (root / "annotations" / "people" / "a.yml").write_text("name: A\nmatch: [Aaa]\nsummary: s\nprofile: p\n")
    registry, _ = load_registry(root / "annotations", root)
    return GlossaExtension(registry)


@pytest.mark.parametrize("payload", unique())
def test_annotation_markdown_and_pages_leave_nothing_active(ext: GlossaExtension, payload: str) -> None:
    import markdown

    assert not active(sanitize(markdown.markdown(payload)))
    assert not active(ext.renderer.markdown(payload, "../"))
    ext.begin_page(PageSetup(key="chapter-1.md", chapter="1", autolink=True))
    page = markdown.Markdown(extensions=["attr_list", "toc", ext]).convert(f"Aaa said {payload} then.\n{{: #c1-p1 }}\n")
    ext.end_page()
    assert not active(sanitize_page(page))
    assert any(True for _ in hazards.scan(payload, attr_lists=True)), f"not flagged: {payload!r}"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_yaml_loader_never_raises(text: str) -> None:
    loaded, problems = load_text(text, "x.yml")
    assert loaded is not None or problems


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "match", "summary", "profile", "born", "related", "nmae", "sources", "Name"]),
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


PAGE = st.text(alphabet=st.characters(codec="utf-8"), max_size=400)  # any character a file can hold


@settings(max_examples=200, deadline=None)
@given(PAGE, st.sampled_from(["", "---\nchapter: 1\n---\n", "---\nchapter: [\n---\n", "---\ntitle: <b>\n---\n"]))
def test_chapter_parsing_never_raises(body: str, front: str) -> None:
    _chapter, problems = parse_page(front + body, "docs/x.md")
    assert all(p.file == "docs/x.md" and p.line >= 0 for p in problems)


@settings(max_examples=150, deadline=None)
@given(PAGE)
def test_rendering_any_chapter_text_leaves_nothing_active(ext: GlossaExtension, body: str) -> None:
    import markdown

    ext.begin_page(PageSetup(key="chapter-1.md", chapter="1", autolink=True))
    page = markdown.Markdown(extensions=["attr_list", "toc", ext]).convert(body)
    ext.end_page()
    assert not active(sanitize_page(page))


def _scan(text: str) -> None:
    list(hazards.scan(text, attr_lists=True))
    guard.over_budget(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=5000))
def test_scanners_and_budget_never_raise_and_grow_linearly(text: str) -> None:
    assert_no_blowup("scan of random text", lambda: _scan(text), lambda: _scan(text * 16))


@pytest.mark.parametrize("unit", ["[", "{", "`", "<a ", "&#x", "*_", "[a](", "{: ", "{^1}", " ", "-–—", "ab "])
def test_scanners_and_budget_are_linear(unit: str) -> None:
    small = unit * (4096 // len(unit))
    big = unit * (65536 // len(unit))
    assert_no_blowup(f"scan of {unit!r}", lambda: _scan(small), lambda: _scan(big))


def test_the_engines_schemas_match_the_model() -> None:
    import json

    from glossa.schema import SCHEMA_DIR, schemas

    for name, text in schemas().items():
        path = SCHEMA_DIR / name
        assert path.exists(), f"run: python3 glossa schema --engine ({name} missing)"
        assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text), f"{name} is stale"


def test_repository_needs_no_stray_files() -> None:
    assert not list((Path(__file__).resolve().parents[2] / "src" / "glossa").rglob("*.orig"))
