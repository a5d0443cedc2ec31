"""The importer: page-break artifacts, headings, note markers, escaping, paragraph ids."""

from __future__ import annotations

import re

import pytest

from glossa.importer import ImportOptions, WordOracle, escape_markdown, import_text, title_case

OPTS = ImportOptions(footer=r"^Stalin: A Biography Page \d+$", first_chapter="28", first_note=24)
WORDS = {"sat", "satisfied", "the", "most", "in", "to", "into", "country", "side", "countryside", "with", "was"}


def oracle(text: str) -> WordOracle:
    return WordOracle(text, known=lambda w: w in WORDS)


def run(text: str, **kw):
    opts = ImportOptions(**{**OPTS.__dict__, **kw})
    return import_text(text, opts, oracle(text))


def test_split_word_is_joined_weighing_both_halves() -> None:
    chapters, changes = run("the Kremlin was sat\nisfied with the progress.\n")
    assert chapters[0].paragraphs == ["the Kremlin was satisfied with the progress."]
    (join,) = [c for c in changes if c.kind == "join-word"]
    assert not join.review


def test_split_paragraph_is_joined_with_a_space() -> None:
    chapters, changes = run("Sooner or later, Stalin,\nthe most determined driver.\n")
    assert chapters[0].paragraphs == ["Sooner or later, Stalin, the most determined driver."]
    assert any(c.kind == "join-paragraph" for c in changes)


def test_uncertain_join_is_flagged() -> None:
    _, changes = run("he went in\nto the room.\n")
    (join,) = [c for c in changes if c.kind.startswith("join")]
    assert join.review


def test_hyphen_inside_a_line_is_kept() -> None:
    chapters, _ = run("Resentment was dire in the country-side.\n")
    assert "country-side" in chapters[0].paragraphs[0]


def test_footer_dropped_and_reported() -> None:
    chapters, changes = run("One.\nStalin: A Biography Page 41\nTwo.\n")
    assert chapters[0].paragraphs == ["One.", "Two."]
    assert [c.kind for c in changes].count("drop-footer") == 1


def test_heading_becomes_heading_not_list_and_keeps_number() -> None:
    chapters, _ = run("Before.\n29. RULING THE NATIONS\nThe party.1\n")
    assert [c.number for c in chapters] == ["28", "29"]
    md = chapters[1].markdown(OPTS)
    assert "# Chapter 29: Ruling the Nations" in md
    assert chapters[0].title is None and "# Chapter 28\n" in chapters[0].markdown(OPTS)


@pytest.mark.parametrize(
    ("text", "markers"),
    [
        ("the political police.24 He", [24]),
        ("from Leningrad,24 and", [24]),
        ("another dog, Stalin, alive.’24 Resentment", [24]),
        ("the amount for 1932.24 The", [24]),
        ("on 13 May 1935.24 Stalin", [24]),
        ("In 1935–6 he oversaw", []),
        ("a ‘European’.24 This", [24]),
        ("police.24 then.25 then.27 x", [24, 25, 27]),
    ],
)
def test_note_markers(text: str, markers: list[int]) -> None:
    chapters, _ = run(text + "\n")
    assert [int(n) for n in re.findall(r"\{\^(\d+)\}", chapters[0].paragraphs[0])] == markers


def test_sequence_tells_note_from_quantity() -> None:
    chapters, changes = run("police.24 He had 3.5 tons.25 of them.\n")
    assert re.findall(r"\{\^(\d+)\}", chapters[0].paragraphs[0]) == ["24", "25"]
    assert any(c.kind == "not-a-marker" and "5" in c.detail for c in changes)


def test_gap_is_reported() -> None:
    _, changes = run("police.24 then.26 x\n")
    assert any(c.kind == "marker-gap" for c in changes)


def test_markdown_is_escaped() -> None:
    assert escape_markdown("a *b* _c_ [d] <e>") == r"a \*b\* \_c\_ \[d\] &lt;e>"
    assert escape_markdown("1935. A year") == r"1935\. A year"


def test_title_case() -> None:
    assert title_case("RULING THE NATIONS") == "Ruling the Nations"


def test_paragraph_ids_are_stored() -> None:
    chapters, _ = run("One.\nTwo.\n")
    md = chapters[0].markdown(OPTS)
    assert "{: #c28-p1 }" in md and "{: #c28-p2 }" in md


# Any language. The texts are our own sentences, written for these tests.

def world(text: str, language: str, **kw):
    return import_text(text, ImportOptions(first_chapter="1", first_note=1, language=language, **kw))


def _markers(chapters) -> list[int]:
    return [int(n) for c in chapters for p in c.paragraphs for n in re.findall(r"\{\^(\d+)\}", p)]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Il parla de « la crise »1 et de l’octroi.2 Puis il partit,3 sans bruit.»4\n"),
        ("de", "Er sprach vom „Kulturkampf“1 und von Bismarck.2 Dann „ging er“.3\n"),
        ("ru", "Он писал о «самодержавии»1 и о Петербурге.2 Затем уехал.3\n"),
        ("ja", "勝海舟は「江戸」１を守った。２次に、３西郷と会った」4。\n"),
        ("zh", "孙中山（孙文）1领导了革命。2随后，3他去了南京。４\n"),
        ("ar", "قال إبراهيم باشا «الإصلاحات»١ ثم عاد إلى القاهرة.٢ وبعد ذلك،٣ سافر.4\n"),
        ("he", "הרצל כתב על „מדינת היהודים”1 ועל ירושלים.2 אחר כך,3 נסע.\n"),
    ],
)
def test_markers_after_the_languages_punctuation_in_any_digits(language: str, text: str) -> None:
    chapters, changes = world(text, language)
    expected = [1, 2, 3, 4] if text.rstrip().endswith(("4", "４", "4。")) else [1, 2, 3]
    assert _markers(chapters) == expected
    assert not [c for c in changes if c.kind == "not-a-marker"]


def test_a_number_glued_to_a_word_that_is_the_next_note_is_a_report_line() -> None:
    chapters, changes = world("Er sprach von Windthorst.1 Dann kam Bismarck2 zurück.\n", "de")
    assert _markers(chapters) == [1]
    (line,) = [c for c in changes if c.kind == "not-a-marker"]
    assert line.review and "'2'" in line.detail


@pytest.mark.parametrize(
    ("language", "raw", "joined"),
    [
        ("fr", "La réforme du gouverne-\nment fut votée.", "gouvernement"),
        ("de", "Der preußische Verwal-\ntungsbeamte schwieg.", "Verwaltungsbeamte"),
        ("ru", "Идея само-\nдержавия крепла.", "самодержавия"),
        ("ja", "旧幕府の陸軍総裁であった勝海\n舟は江戸を守った。", "勝海舟は"),
        ("zh", "孙中山领导了辛亥\n革命。", "辛亥革命"),
    ],
)
def test_split_words_are_joined_by_the_language(language: str, raw: str, joined: str) -> None:
    chapters, changes = world(raw, language)
    assert len(chapters[0].paragraphs) == 1 and joined in chapters[0].paragraphs[0]
    assert [c.kind for c in changes if c.kind.startswith("join")] == ["join-word"]


def test_a_hyphenated_compound_keeps_its_hyphen() -> None:
    chapters, _ = world("Le comte de Saint-\nSimon parla.", "fr")
    assert "Saint-Simon" in chapters[0].paragraphs[0]


@pytest.mark.parametrize(
    ("language", "line", "number", "title"),
    [
        ("en", "29. RULING THE NATIONS", "29", "Ruling the Nations"),
        ("fr", "3. LA CRISE DE L’ÉTAT À LYON", "3", "La crise de l’État à Lyon"),
        ("de", "4. BISMARCK UND DER KULTURKAMPF", "4", "Bismarck und der Kulturkampf"),
        ("ru", "5. ПОБЕДОНОСЦЕВ И САМОДЕРЖАВИЕ", "5", "Победоносцев и самодержавие"),
        ("ja", "第3章 江戸開城", "3", "江戸開城"),
        ("zh", "第十二章 辛亥革命", "12", "辛亥革命"),
        ("ar", "٣. الإصلاحات", "3", "الإصلاحات"),
        ("he", "7. ירושלים", "7", "ירושלים"),
    ],
)
def test_chapter_headings_in_any_script(language: str, line: str, number: str, title: str) -> None:
    body = {"fr": "Il quitta Lyon et l’État.", "de": "Er sprach und der Rest schwieg."}.get(language, "Text.")
    chapters, _ = world(f"{line}\n{body}\n", language)
    assert [(c.number, c.title) for c in chapters] == [(number, title)]


@pytest.mark.parametrize("line", ["5. Победоносцев писал царю.", "3. قال إبراهيم باشا.", "1868年に江戸城は開城した。"])
def test_a_sentence_that_starts_with_a_number_is_not_a_heading(line: str) -> None:
    chapters, _ = world(f"{line}\n", "ru")
    assert chapters[0].title is None
