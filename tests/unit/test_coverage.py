"""``glossa coverage``: term-like words of the text that no entry covers, reviewed exclusions, and the report."""

from __future__ import annotations

from pathlib import Path

from canal_fixture import CANAL, load, write

from glossa import rules
from glossa.coverage import candidates, load_exclusions, run_coverage
from glossa.sitefile import parse_site

CHAPTER = ('---\nchapter: "1"\ntitle: One\n---\n\n# Chapter 1\n\n'
           "In March Thomas Whitcombe met Eleanor Marsh at the Bell Inn.{^1} The navvies dug.\n{: #c1-p1 }\n\n"
           "The CRT agreed. Eleanor Marsh wrote to the Board of the Company. Hargreaves Lock held.\n{: #c1-p2 }\n")


def _spans(text: str) -> list[tuple[str, str]]:
    return [(span, why) for _, _, span, why in candidates(text)]


def test_candidates_are_names_acronyms_and_quoted_coinages_with_their_positions() -> None:
    text = "We met Eleanor Marsh, the CRT and a “cut and cover” man. “It rained all day.” Fine."
    found = candidates(text)
    # An acronym is also a capitalised word; the report lists it once.
    assert [(span, why) for _, _, span, why in found] == [
        ("Eleanor Marsh", "multi-word name"), ("CRT", "capitalised word"), ("CRT", "acronym"),
        ("cut and cover", "quoted coinage")]
    for start, end, span, _ in found:
        assert text[start:end] == span


def test_the_first_word_of_a_sentence_is_not_a_name() -> None:
    assert _spans("The canal opened. Later it closed!  Then it froze.") == []
    # ...but a name after it still is, and a sentence may start after a closing quote.
    assert _spans("Yesterday Eleanor Marsh came.") == [("Eleanor Marsh", "multi-word name")]
    assert _spans("He said “no.” Whitcombe left.") == []
    assert _spans("He met Whitcombe.") == [("Whitcombe", "capitalised word")]


def test_names_join_over_small_words_and_lose_possessives() -> None:
    assert _spans("He wrote to the Board of the Company at once.") == [("Board of the Company", "multi-word name")]
    assert _spans("He took Whitcombe’s plan and Marsh's book.") == [("Whitcombe", "capitalised word"),
                                                                   ("Marsh", "capitalised word")]


def test_quoted_sentences_and_long_quotations_are_not_coinages() -> None:
    assert _spans("he said ‘the cut’ and “we are done.” and “one two three four five six”") == [("the cut", "quoted coinage")]


def test_load_exclusions(tmp_path: Path) -> None:
    assert load_exclusions(tmp_path / "missing.yml") == {}
    path = write(tmp_path, "coverage-exclusions.yml",
                 "exclusions:\n  - {text: Bell Inn, reason: 'a pub, not an entry'}\n  - {text: CRT}\n  - just text\n"
                 "  - {reason: no text}\n")
    assert load_exclusions(path) == {"Bell Inn": "a pub, not an entry", "CRT": ""}
    write(tmp_path, "bad.yml", "exclusions: [unclosed\n")
    assert load_exclusions(tmp_path / "bad.yml") == {}
    write(tmp_path, "list.yml", "- {text: Bell Inn}\n")
    assert load_exclusions(tmp_path / "list.yml") == {}


def _edition(root: Path, chapter: str = CHAPTER) -> rules.Edition:
    reg, problems = load(root, CANAL)
    pages = [rules.SourcePage("docs/chapter-1.md", "chapter-1.md", chapter)]
    chapters, page_problems = rules.parse_pages(pages)
    return rules.Edition(root, reg, problems, pages, chapters, page_problems, parse_site("site_name: X\n"))


def test_report_lists_what_no_form_covers_with_file_and_line(tmp_path: Path) -> None:
    report, total = run_coverage(_edition(tmp_path), tmp_path / "annotations")
    lines = report.split("\n")
    assert lines[0] == "Coverage of the chapter text:"
    uncovered = [line.split(": not covered: ")[1].split(" (")[0] for line in lines if "not covered" in line]
    # Whitcombe, Hargreaves Lock and the navvies are entries' forms; March is a month. A sentence's first
    # word is dropped ("Eleanor" in paragraph 2), and each item is listed once per paragraph.
    assert uncovered == ["'Eleanor Marsh'", "'Bell Inn'", "'CRT'", "'Marsh'", "'Board of the Company'"]
    assert "  docs/chapter-1.md:8: not covered: 'Eleanor Marsh' (multi-word name)." in report
    assert "  docs/chapter-1.md:11: not covered: 'Board of the Company' (multi-word name)." in report
    # The marker without an expansion is listed too.
    assert any(line.startswith("  docs/chapter-1.md:8:") and "Note marker 1" in line for line in lines)
    assert total == 6
    assert lines[-1] == "4 entries, 0 notes, 0 reviewed exclusions; 6 uncovered item(s)."


def test_reviewed_exclusions_hide_items_and_stale_ones_are_reported(tmp_path: Path) -> None:
    ed = _edition(tmp_path)
    write(tmp_path, "annotations/coverage-exclusions.yml",
          "exclusions:\n  - {text: Bell Inn, reason: a pub}\n  - {text: CRT, reason: a trust}\n"
          "  - {text: Gone Name, reason: renamed}\n")
    report, total = run_coverage(ed, tmp_path / "annotations")
    assert "not covered: 'Bell Inn'" not in report and "not covered: 'CRT'" not in report
    assert "not covered: 'Eleanor Marsh'" in report
    assert ("  annotations/coverage-exclusions.yml: exclusion 'Gone Name' no longer matches anything; remove it."
            in report.split("\n"))
    assert "exclusion 'Bell Inn'" not in report
    assert total == 6 - 2 + 1
    assert report.endswith("3 reviewed exclusions; 5 uncovered item(s).")


def test_a_fully_covered_text_reports_nothing(tmp_path: Path) -> None:
    chapter = ('---\nchapter: "1"\ntitle: One\n---\n\n# Chapter 1\n\n'
               "In May Thomas Whitcombe reached Hargreaves Lock with the navvies.\n{: #c1-p1 }\n")
    report, total = run_coverage(_edition(tmp_path, chapter), tmp_path / "annotations")
    assert total == 0
    assert report.split("\n") == ["Coverage of the chapter text:",
                                  "4 entries, 0 notes, 0 reviewed exclusions; 0 uncovered item(s)."]


def test_german_nouns_are_not_names_but_names_are() -> None:
    text = ("Der Verwaltungsbeamte meldete nach Berlin, dass die Politik des Kanzlers scheiterte. "
            "Im Reichstag sprach Ludwig Windthorst über die katholische Kirche und das Ende der Regierung.")
    spans = [span for _, _, span, _ in candidates(text, "de")]
    assert "Ludwig Windthorst" in spans
    for noun in ("Verwaltungsbeamte", "Politik", "Kanzlers", "Kirche", "Ende", "Regierung", "Reichstag"):
        assert noun not in spans
    # In English the same capitalised words would all be candidates.
    assert "Kirche" in [span for _, _, span, _ in candidates(text, "en")]


def test_capitals_connectors_months_and_quotes_by_language() -> None:
    fr = [(span, why) for _, _, span, why in candidates("Il vit le Comte de la Roche en Mars, puis « la rente » "
                                                        "et l’URSS.", "fr")]
    assert ("Comte de la Roche", "multi-word name") in fr and ("la rente", "quoted coinage") in fr
    assert ("URSS", "acronym") in fr
    ru = [span for _, _, span, _ in candidates("Затем Константин Победоносцев писал в СССР о «самодержавии».", "ru")]
    assert ru[:2] == ["Константин Победоносцев", "СССР"] and "самодержавии" in ru
    assert "Januar" in __import__("glossa.coverage", fromlist=["months"]).months("de")
