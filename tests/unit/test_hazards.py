"""Scanners for what the build would escape or strip from a contributor's text, each with its position."""

from __future__ import annotations

import pytest

from glossa.hazards import position, scan, url_is_safe

RAW = "raw HTML (it is shown as text, not as markup)"
BAD_LINK = "a link whose address is not http(s) or mailto (it is removed)"


def test_prose_and_ordinary_markdown_have_no_hazards() -> None:
    text = ("Thomas Whitcombe surveyed the *summit* level ([map](https://canal.example/map), "
            "[letters](mailto:archive@canal.example), [[hargreaves-lock]], [below](#notes), [up](../people/)).{^3}")
    assert list(scan(text)) == []
    assert list(scan("The navvies dug.\n{: #c1-p1 .wide lang=en }", attr_lists=True)) == []


def test_raw_html_tags_are_found_where_they_start() -> None:
    assert list(scan("A <b>bold</b> navvy")) == [(2, RAW), (9, RAW)]
    assert list(scan("<!-- hidden -->")) == [(0, RAW)]


def test_look_alike_characters_that_spell_a_tag() -> None:
    assert list(scan("Fullwidth ＜script＞ here")) == [(0, "look-alike characters that spell out raw HTML")]


@pytest.mark.parametrize("text", ["&lt;script&gt;", "&#60;img src=x", "&#x3C;img", "%3Cimg src=x", "&#00060;a"])
def test_escaped_tags(text: str) -> None:
    assert list(scan("Before " + text)) == [(7, "an escaped HTML tag")]


def test_images_are_reported() -> None:
    assert list(scan("![plan](https://canal.example/plan.png)")) == [(0, "an image (images are not shown)")]


def test_script_links_are_reported_with_the_script_itself() -> None:
    assert list(scan("[x](javascript:alert(1))")) == [(0, BAD_LINK), (4, "script-like content ('javascript') that is removed")]
    assert list(scan("[x](data:text/html;base64,xx)")) == [(0, BAD_LINK), (4, "script-like content ('data:text/html') that is removed")]
    assert list(scan("[x](ftp://canal.example/)")) == [(0, BAD_LINK)]


def test_reference_definitions_are_checked_too() -> None:
    assert list(scan("[plan][p]\n\n[p]: ftp://canal.example/plan")) == [(11, BAD_LINK)]
    assert list(scan("[plan][p]\n\n[p]: https://canal.example/plan")) == []


@pytest.mark.parametrize(("text", "offset", "what"), [
    ("said: onclick=alert(1)", 6, "onclick"),
    ("jav&#x09;ascript:run()", 0, "javascript"),
    ("the \u200bjava\u200bscript: trick", 5, "javascript"),
    ("style=expression(x)", 6, "expression"),
    ("See: JAVASCRIPT:alert(1) and onload=x", 5, "javascript"),  # the first one only
])
def test_script_like_content_survives_entities_and_invisible_characters(text: str, offset: int, what: str) -> None:
    assert list(scan(text)) == [(offset, f"script-like content ({what!r}) that is removed")]


def test_attribute_lists_are_checked_only_in_chapters() -> None:
    text = "The navvies dug.\n{: #c1-p1 data-x=1 }"
    assert list(scan(text)) == []
    assert list(scan(text, attr_lists=True)) == [
        (17, "an attribute list setting 'data-x' (only ids, classes and lang are kept)")]


def test_one_finding_per_attribute_list() -> None:
    assert list(scan('{: style="color:red" title=x }', attr_lists=True)) == [
        (0, "an attribute list setting 'style' (only ids, classes and lang are kept)")]


def test_note_markers_are_not_attribute_lists() -> None:
    assert list(scan("The canal opened.{^12}", attr_lists=True)) == []


@pytest.mark.parametrize("url", ["#top", "/people/", "./a", "../b", "?q=1", "http://canal.example",
                                 "HTTPS://CANAL.EXAMPLE", "mailto:clerk@canal.example", "people/whitcombe/"])
def test_safe_urls(url: str) -> None:
    assert url_is_safe(url)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVa\tScript:x", "java&#115;cript:x", "  javascript:x",
                                 "data:text/plain,x", "ftp://canal.example/", "vbscript:x", "ｊavascript:x"])
def test_unsafe_urls(url: str) -> None:
    assert not url_is_safe(url)


def test_position_on_the_first_line_adds_to_the_start_column() -> None:
    assert position("abcdef", 3, 10, 5) == (10, 8)


def test_position_on_later_lines_counts_from_the_line_start() -> None:
    assert position("ab\ncd\nef", 4, 10, 5) == (11, 2)
    assert position("ab\ncd", 3, 1, 1) == (2, 1)
    assert position("ab\ncd", 2, 1, 1) == (1, 3)
