"""Chapter sources: front matter, note markers, paragraph ids and blocks, with line numbers, without building."""

from __future__ import annotations

import textwrap

import pytest

from glossa.chapters import (
    Chapter,
    blocks,
    is_chapter_meta,
    paragraph_problems,
    parse_page,
    plain_blocks,
    read_front_matter,
    scan_markers,
    split_front_matter,
)
from glossa.problems import Problem

FILE = "docs/chapter-3.md"
CHAPTER = textwrap.dedent("""\
    ---
    chapter: "3"
    title: The Summit Level
    ---

    # Chapter 3: The Summit Level

    Thomas Whitcombe surveyed the line.{^1} The navvies dug.{^2}
    {: #c3-p1 }

    They reached Hargreaves Lock.{^3}

    ```
    not a paragraph {^9}

    still code
    ```

    - a list item

    The canal opened.
    {: #c3-p1 }
    """)


def test_a_chapter_page_with_its_markers_and_paragraph_problems() -> None:
    chapter, problems = parse_page(CHAPTER, FILE)
    assert chapter is not None
    assert (chapter.file, chapter.chapter, chapter.body_line) == (FILE, "3", 5)
    assert chapter.meta == {"chapter": "3", "title": "The Summit Level"}
    assert chapter.body.startswith("\n# Chapter 3: The Summit Level\n")
    assert chapter.markers == [(1, 8, 36), (2, 8, 57), (3, 11, 30), (9, 14, 17)]
    assert problems == [
        Problem(FILE, 11, 1, "This paragraph of chapter 3 has no id, so permalinks and 'Mentioned in' cannot point at it.",
                "Add a line such as '{: #c3-p99 }' under it; never reuse or renumber ids.", code="paragraph-without-id"),
        Problem(FILE, 22, 1, "The paragraph id 'c3-p1' is also used on line 9.",
                "Give this paragraph an id of its own; links to the other one must keep working.",
                code="duplicate-paragraph-id"),
    ]


def test_a_page_without_front_matter_is_not_a_chapter_and_its_markers_are_reported() -> None:
    chapter, problems = parse_page("# About\n\nThe canal{^4} and\nthe lock{^5}\n", "docs/about.md")
    fix = "Add 'chapter: \"N\"' to the page's front matter, or remove the marker."
    assert chapter is None
    assert problems == [
        Problem("docs/about.md", 3, 10, "Note marker 4 is on a page that is not a chapter, so it has no expansion.", fix,
                code="marker-outside-chapter"),
        Problem("docs/about.md", 4, 9, "Note marker 5 is on a page that is not a chapter, so it has no expansion.", fix,
                code="marker-outside-chapter"),
    ]


def test_a_page_with_other_front_matter_and_no_markers_has_no_problems() -> None:
    assert parse_page("---\ntitle: About the edition\n---\n\nText.\n", "docs/about.md") == (None, [])


def test_a_slug_chapter_and_a_numeric_chapter() -> None:
    chapter, problems = parse_page("---\nchapter: prologue\n---\nIt began.\n{: #cprologue-p1 }\n", "docs/prologue.md")
    assert chapter is not None and chapter.chapter == "prologue" and problems == []
    chapter, _ = parse_page("---\nchapter: 12\n---\n", "docs/chapter-12.md")
    assert chapter is not None and chapter.chapter == "12" and chapter.meta == {"chapter": 12}


def test_a_broken_front_matter_is_the_one_problem_reported() -> None:
    text = "---\ntitle: Chapter 3: The Summit\n---\nText.{^1}\n"
    chapter, problems = parse_page(text, FILE)
    assert chapter is None
    assert problems == [Problem(
        FILE, 2, 17, "The page's front matter (between the '---' lines) is not valid YAML: mapping values are not "
        "allowed here.", "Quote values that contain ': ' or start with a quote, e.g. title: \"Chapter 3: The Trial\".",
        code="front-matter-yaml")]


def test_front_matter_that_is_not_a_mapping() -> None:
    fm = read_front_matter("---\n- chapter\n- 3\n---\nText.\n", FILE)
    assert fm.broken and fm.meta == {} and fm.body == "Text.\n" and fm.body_line == 5
    assert fm.problems == [Problem(FILE, 2, 1, "The page's front matter must be 'key: value' lines.",
                                   "Write e.g. chapter: \"28\" and title: \"Chapter 28\".", code="front-matter-yaml")]


def test_field_rules_each_on_their_own_line() -> None:
    text = '---\nchapter: "3 b"\ntitle: "<b>Locks</b>"\ndescription: 5\nsource: javascript:alert(1)\n---\nBody\n'
    fm = read_front_matter(text, FILE)
    assert not fm.broken and fm.body == "Body\n" and fm.body_line == 7
    text_fix = "Write the {0} as plain words, at most 300 characters."
    assert fm.problems == [
        Problem(FILE, 2, 1, "'chapter' must be a number or a slug, e.g. \"28\"; '3 b' is not.",
                "Use the chapter's number or a short slug of letters, digits and hyphens.", code="front-matter-chapter"),
        Problem(FILE, 3, 1, "'title' must be plain text on one line, without markup or script.", text_fix.format("title"),
                code="front-matter-text"),
        Problem(FILE, 4, 1, "'description' must be plain text on one line, without markup or script.",
                text_fix.format("description"), code="front-matter-text"),
        Problem(FILE, 5, 1, "'source' must be plain text on one line, without markup or script.",
                text_fix.format("source"), code="front-matter-text"),
    ]
    # A chapter key that fails its rule does not make a chapter, and its markers are not reported again.
    assert parse_page(text + "Text.{^1}\n", FILE) == (None, fm.problems)


def test_an_overlong_title_is_refused() -> None:
    fm = read_front_matter("---\ntitle: " + "x" * 301 + "\n---\n", FILE)
    assert [p.code for p in fm.problems] == ["front-matter-text"]
    assert read_front_matter("---\ntitle: " + "x" * 300 + "\n---\n", FILE).problems == []


def test_no_front_matter_leaves_the_text_whole() -> None:
    fm = read_front_matter("Text only.\n---\n", FILE)
    assert (fm.meta, fm.body, fm.body_line, fm.problems, fm.broken) == ({}, "Text only.\n---\n", 1, [], False)
    fm = read_front_matter("---\n---\nBody\n", FILE)
    assert (fm.meta, fm.body, fm.body_line) == ({}, "Body\n", 3)


def test_split_front_matter_ignores_problems() -> None:
    assert split_front_matter("---\nchapter: 2\n---\nHi") == ({"chapter": 2}, "Hi", 4)
    assert split_front_matter("---\ntitle: a: b\n---\nHi") == ({}, "Hi", 4)


@pytest.mark.parametrize(("meta", "expected"), [
    ({"chapter": 3}, True), ({"chapter": "3"}, True), ({"chapter": "part-2"}, True), ({"chapter": "x" * 20}, True),
    ({"chapter": "x" * 21}, False), ({"chapter": False}, False), ({"chapter": "3 b"}, False),
    ({"chapter": None}, False), ({"title": "3"}, False),
])
def test_is_chapter_meta(meta: dict, expected: bool) -> None:
    assert is_chapter_meta(meta) is expected


def test_scan_markers_counts_lines_from_the_first_line() -> None:
    assert scan_markers("a{^1} b{^22}\n{^333}x {^12345}", 7) == [(1, 7, 2), (22, 7, 8), (333, 8, 1)]
    assert scan_markers("no markers, {^x} nor {^}") == []


def test_blocks_skip_fenced_code_and_blank_lines() -> None:
    body = "First\nline\n\n~~~\nfenced\n\nstill\n~~~\nafter\n\n\nlast"
    assert list(blocks(body, 10)) == [(10, ["First", "line"]), (18, ["after"]), (21, ["last"])]
    assert list(blocks("a\n```\nunclosed", 1)) == [(1, ["a"])]


def test_paragraph_problems_skip_headings_lists_quotes_and_attribute_lines() -> None:
    body = "# Heading\n\n> quoted\n\n- item\n\n1. item\n\n| a | b |\n\n{: .wide }\n\n    code\n\nA paragraph.\n{: #c3-p1 }\n"
    assert paragraph_problems(Chapter(FILE, "3", body, 1, [])) == []
    problems = paragraph_problems(Chapter(FILE, "3", "Bare paragraph.\n", 40, []))
    assert [(p.line, p.code) for p in problems] == [(40, "paragraph-without-id")]


def test_plain_blocks_drop_markers_attribute_lists_headings_and_escapes() -> None:
    body = "# Heading\nThe navvies{^1} dug\nthe \\*summit\\*.\n{: #c3-p1 }\nThen it opened.\n\n```\ncode\n```\n"
    assert list(plain_blocks(body, 20)) == [(21, "The navvies dug the *summit*."), (24, "Then it opened.")]
