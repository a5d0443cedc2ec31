"""The plugin's typed options: validated as MkDocs validates them, with the closest name for a typo."""

from __future__ import annotations

import pytest

from glossa.options import GlossaOptions, load_options, with_suggestions

KNOWN = "annotations, language, branch, relink_after, notes_intro, source_locators, citation_style, offline, edition, strings, import"


def test_defaults() -> None:
    options, problems = load_options(None)
    assert problems == []
    assert (options.annotations, options.branch, options.relink_after, options.notes_intro, options.source_locators,
            options.citation_style) == ("annotations", "main", 6, None, True, "chicago-author-date")
    assert options.edition.title == "" and options.edition.editors == [] and options.edition.source.isbn == ""
    imp = options["import"]
    assert (imp.footer, imp.first_chapter, imp.first_note, imp.title_case) == (None, None, None, True)
    assert imp.heading_format == "Chapter {number}: {title}" and imp.untitled_format == "Chapter {number}"


def test_nested_options_are_read() -> None:
    options, problems = load_options({
        "relink_after": 0, "branch": "trunk",
        "edition": {"title": "The Canal Chronicle", "editors": ["Ann Editor"],
                    "source": {"author": "Thomas Whitcombe", "year": "1799"}},
        "import": {"first_chapter": 3, "first_note": 12, "footer": "^The Canal Chronicle Page \\d+$"},
    })
    assert problems == []
    assert options.relink_after == 0 and options.branch == "trunk"
    assert options.edition.title == "The Canal Chronicle" and options.edition.editors == ["Ann Editor"]
    assert options.edition.source.author == "Thomas Whitcombe" and options.edition.source.year == "1799"
    assert options["import"].first_chapter == 3 and options["import"].first_note == 12


@pytest.mark.parametrize("value", [-1, True, "6", 2.5])
def test_relink_after_must_be_a_whole_number(value: object) -> None:
    _, problems = load_options({"relink_after": value})
    assert problems == [f"option 'relink_after': expected a whole number of paragraphs (0 or more), not {value!r}"]


def test_a_wrong_type_is_one_readable_line() -> None:
    _, problems = load_options({"source_locators": "yes"})
    assert problems == ["option 'source_locators': Expected type: <class 'bool'> but received: <class 'str'>"]


def test_a_typo_gets_the_closest_option() -> None:
    _, problems = load_options({"relink_afer": 3})
    assert problems == ["option 'relink_afer': Unrecognised configuration name: relink_afer. Did you mean 'relink_after'?"]


def test_an_unknown_name_without_a_close_one_lists_the_known_options() -> None:
    _, problems = load_options({"navvies": 1})
    assert problems == [f"option 'navvies': Unrecognised configuration name: navvies. Known options: {KNOWN}."]


def test_suggestions_come_from_the_sub_option_that_was_misspelt() -> None:
    # 'editors' exists only under 'edition', 'isbn' only under 'edition: source:'.
    _, problems = load_options({"edition": {"editor": ["A"]}})
    assert problems == ["option 'edition': Sub-option 'editor': Unrecognised configuration name: editor. "
                        "Did you mean 'editors'?"]
    _, problems = load_options({"edition": {"source": {"isbnn": "0"}}})
    assert problems == ["option 'edition': Sub-option 'source': Sub-option 'isbnn': Unrecognised configuration name: "
                        "isbnn. Did you mean 'isbn'?"]
    _, problems = load_options({"import": {"heding": "^x$"}})
    assert problems == ["option 'import': Sub-option 'heding': Unrecognised configuration name: heding. "
                        "Did you mean 'heading'?"]


def test_with_suggestions_leaves_other_warnings_alone() -> None:
    warnings = [("branch", "Something else entirely"), ("brnch", "Unrecognised configuration name: brnch")]
    assert with_suggestions(GlossaOptions(), warnings) == [
        ("branch", "Something else entirely"),
        ("brnch", "Unrecognised configuration name: brnch. Did you mean 'branch'?"),
    ]


def test_offline_is_off_unless_asked_and_takes_only_true_or_false() -> None:
    options, problems = load_options({})
    assert options.offline is False and problems == []
    options, problems = load_options({"offline": True})
    assert options.offline is True and problems == []
    _, problems = load_options({"offline": "yes"})
    assert len(problems) == 1 and problems[0].startswith("option 'offline':")
