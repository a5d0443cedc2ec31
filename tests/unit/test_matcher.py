"""The matcher against every trap in the issue, plus normalisation."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossa.matcher import FormSpec, Matcher, form_key, tokenize, word_keys

FORMS = [
    FormSpec("stalin", "Stalin"),
    FormSpec("vasili-stalin", "Vasili Stalin"),
    FormSpec("vasili-stalin", "Vasili"),
    FormSpec("stakhanov", "Stakhanov"),
    FormSpec("stakhanovite", "Stakhanovites"),
    FormSpec("stakhanovite", "Stakhanovite movement"),
    FormSpec("lenin", "Lenin"),
    FormSpec("zinoviev", "Zinoviev"),
    FormSpec("georgi", "Georgi Dimitrov"),
    FormSpec("soviet", "Soviet"),
    FormSpec("trotski", "Trotski"),
    FormSpec("tzc", "Trotskyist-Zinovievite Centre"),
    FormSpec("tzb", "Trotyskist–Zinovievite block", sic=True),
    FormSpec("troika", "troiki"),
    FormSpec("budenny", "Budënny"),
    FormSpec("pc", "People's Commissar"),
    FormSpec("eur", "European"),
    FormSpec("kulak", "kulak"),
    FormSpec("nkvd", "NKVD"),
]
M = Matcher(FORMS)


def found(text: str) -> list[tuple[str, str]]:
    return [(m.entry, text[m.start : m.end]) for m in M.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Young Vasili Stalin spoke.", [("vasili-stalin", "Vasili Stalin")]),
        ("Vasili was wrong.", [("vasili-stalin", "Vasili")]),
        ("The Stakhanovites cheered Stakhanov.", [("stakhanovite", "Stakhanovites"), ("stakhanov", "Stakhanov")]),
        ("The Stakhanovite movement spread.", [("stakhanovite", "Stakhanovite movement")]),
        ("Leningrad is not Lenin.", [("lenin", "Lenin")]),
        ("a Zinovievite bloc and Zinoviev", [("zinoviev", "Zinoviev")]),
        ("a Georgian and Georgi Dimitrov", [("georgi", "Georgi Dimitrov")]),
        ("anti-Soviet elements, the Soviet order", [("soviet", "Soviet")]),
        ("Trotski’s capacity", [("trotski", "Trotski’s")]),
        ("Trotski's capacity", [("trotski", "Trotski's")]),
        ("he was a ‘European’.", [("eur", "European")]),
        ("the Trotskyist–Zinovievite Centre", [("tzc", "Trotskyist–Zinovievite Centre")]),
        ("the Trotyskist-Zinovievite block", [("tzb", "Trotyskist-Zinovievite block")]),
        ("the troiki. Troiki were boards", [("troika", "troiki"), ("troika", "Troiki")]),
        ("mid Troiki sentence", []),
        ("Bude\u0308nny and Budënny", [("budenny", "Bude\u0308nny"), ("budenny", "Budënny")]),
        ("People’s Commissar of", [("pc", "People’s Commissar")]),
        ("the kulak families", [("kulak", "kulak")]),
        ("the stalin of lowercase", []),
        ("the NKVD’s custody", [("nkvd", "NKVD’s")]),
        ("Stalin—decided", [("stalin", "Stalin")]),
        ("Stalin-era", []),
        ("O’Stalin", []),
        ("Stalin. Stalin, Stalin", [("stalin", "Stalin")] * 3),
    ],
)
def test_traps(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_sic_flag_is_carried() -> None:
    (m,) = M.find("the Trotyskist–Zinovievite block")
    assert m.sic


def test_form_keys_fold_apostrophes_dashes_and_composition() -> None:
    assert form_key("People’s Commissar") == form_key("People's Commissar")
    assert form_key("Trotskyist–Zinovievite") == form_key("Trotskyist-Zinovievite")
    assert form_key("Bude\u0308nny") == form_key("Budënny")


def test_lowercase_form_needs_a_sentence_start_for_a_capital() -> None:
    assert M.find("Kulak", block_start=True) and not M.find("Kulak", block_start=False)


def test_exact_case_form_never_capitalised() -> None:
    m = Matcher([FormSpec("x", "troika", case="exact")])
    assert not m.find("Troika boards.") and m.find("a troika board")


def test_many_names_sharing_a_first_word() -> None:
    """A trie: thousands of "Vasili X" forms neither slow nor confuse "Vasili Stalin"."""
    big = Matcher(FORMS + [FormSpec(f"p{i}", f"Vasili Surname{i}") for i in range(20000)])
    assert [(m.entry, m.form) for m in big.find("Vasili Surname17 and Vasili Stalin and Vasili.")] == [
        ("p17", "Vasili Surname17"), ("vasili-stalin", "Vasili Stalin"), ("vasili-stalin", "Vasili")]


def test_cost_does_not_depend_on_number_of_names() -> None:
    """The lookup is per token: adding names adds no work for text that does not contain them."""
    small = Matcher(FORMS)
    big = Matcher(FORMS + [FormSpec(f"p{i}", f"Vasili Surname{i}") for i in range(20000)])
    text = "Young Vasili Stalin met Stalin in Leningrad. " * 10
    assert [m.entry for m in small.find(text)] == [m.entry for m in big.find(text)]
    assert len(big) == len(FORMS) + 20000


def test_word_keys_are_the_keys_of_the_tokens() -> None:
    text = ("Budënny and Bude\u0308nny met the People\u2019s Commissar; anti-Soviet\u2014STALIN’s Ryutin "
            "— in 1933, x_y, Ça va, ß and SS.")
    assert word_keys(text) == {t.key for t in tokenize(text)}
    assert {"budënny", "'", "-", "stalin", "ça", "ss"} <= word_keys(text)


def _trie(m: Matcher) -> object:
    def walk(node: object) -> object:
        return ([c.spec for c in node.forms],  # type: ignore[attr-defined]
                {k: walk(v) for k, v in sorted(node.children.items())})  # type: ignore[attr-defined]
    return walk(m._root)


def test_an_updated_matcher_is_the_matcher_built_afresh() -> None:
    import random

    rng = random.Random(5)
    words = ["Ivan", "Nikolai", "Smirnov", "Ivanov", "Bukharin", "Party", "of", "the", "Left", "Right", "Red", "Army"]
    def spec(i: int) -> FormSpec:
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 3)))
        return FormSpec(f"e{i % 7}", text if rng.random() < 0.8 else text.lower(), rng.choice(["auto", "exact"]))
    specs = tuple(dict.fromkeys(spec(i) for i in range(300)))
    matcher = Matcher(specs)
    text = " ".join(s.text for s in specs) + ". " + " ".join(rng.choice(words) for _ in range(400))
    shared = 0
    for _ in range(40):
        changed = list(specs)
        for _ in range(rng.randint(1, 4)):
            if changed and rng.random() < 0.5:
                changed.pop(rng.randrange(len(changed)))
            elif (extra := spec(rng.randrange(99))) not in changed:
                changed.insert(rng.randrange(len(changed) + 1), extra)
        new = tuple(changed)
        before = _trie(matcher)
        updated = matcher.updated(specs, new)
        fresh = Matcher(new)
        assert _trie(updated) == _trie(fresh) and len(updated) == len(fresh)
        assert updated.find(text) == fresh.find(text)
        assert _trie(matcher) == before  # the old matcher is untouched
        shared += any(updated._root.children.get(k) is v for k, v in matcher._root.children.items())
        specs, matcher = new, updated
    assert shared >= 30  # the updates copied only what changed


# Every script. The texts are our own sentences, written for these tests.

def _marks(language: str, forms: list[tuple[str, str]], text: str) -> list[tuple[str, str]]:
    matcher = Matcher([FormSpec(entry, form) for entry, form in forms], language)
    return [(m.entry, text[m.start : m.end]) for m in matcher.find(text)]


def test_japanese_names_match_inside_runs_longest_first() -> None:
    forms = [("katsu", "勝海舟"), ("katsu", "勝"), ("victory", "勝利"), ("edo", "江戸"), ("edo-castle", "江戸城")]
    text = "旧幕府の陸軍総裁であった勝海舟は、江戸城の無血開城に勝利した。のちに勝は江戸を去った。"
    assert _marks("ja", forms, text) == [("katsu", "勝海舟"), ("edo-castle", "江戸城"), ("victory", "勝利"),
                                          ("katsu", "勝"), ("edo", "江戸")]


def test_a_short_form_is_not_a_mention_inside_a_longer_word_the_edition_defines() -> None:
    assert _marks("ja", [("katsu", "勝"), ("victory", "勝利")], "勝利、勝利、大勝利") == [("victory", "勝利")] * 3
    assert _marks("zh", [("sun", "孙"), ("sun-yat-sen", "孙中山")], "孙中山，孙。") == [("sun-yat-sen", "孙中山"), ("sun", "孙")]


def test_chinese_names_match_inside_runs() -> None:
    forms = [("sun", "孙中山"), ("sun", "孙文"), ("revolution", "辛亥革命"), ("nanjing", "南京")]
    text = "孙中山（孙文）领导了辛亥革命，并于一九一二年在南京就任临时大总统。"
    assert _marks("zh", forms, text) == [("sun", "孙中山"), ("sun", "孙文"), ("revolution", "辛亥革命"), ("nanjing", "南京")]


def test_latin_names_next_to_unspaced_scripts() -> None:
    assert _marks("ja", [("stalin", "Stalin")], "Stalinは、Stalinistではない") == [("stalin", "Stalin")]


@pytest.mark.parametrize("apostrophe", ["’", "'"])
def test_french_elision_is_stepped_over_and_not_marked(apostrophe: str) -> None:
    forms = [("etat", "État"), ("octroi", "octroi"), ("vautrin", "Éléonore Vautrin"), ("lyon", "Lyon")]
    text = f"L{apostrophe}octroi de l{apostrophe}État, d{apostrophe}Éléonore Vautrin et jusqu{apostrophe}à Lyon."
    assert _marks("fr", forms, text) == [("octroi", "octroi"), ("etat", "État"), ("vautrin", "Éléonore Vautrin"),
                                          ("lyon", "Lyon")]
    # Only articles elide: "aujourd'hui" does not hold "hui", and English keeps O'Brien whole.
    assert _marks("fr", [("hui", "hui")], f"aujourd{apostrophe}hui") == []
    assert _marks("en", [("etat", "État")], f"l{apostrophe}État") == []


def test_italian_elision() -> None:
    assert _marks("it", [("italia", "Italia")], "dell’Italia e nell'Italia") == [("italia", "Italia")] * 2


def test_arabic_proclitics_are_not_marked() -> None:
    forms = [("ibrahim", "إبراهيم باشا"), ("ibrahim", "إبراهيم"), ("cairo", "القاهرة"), ("baghdad", "بغداد")]
    text = "وإبراهيم باشا عاد بالقاهرة ثم للقاهرة ولإبراهيم رسالة من بغداد وببغداد."
    assert _marks("ar", forms, text) == [("ibrahim", "إبراهيم باشا"), ("cairo", "القاهرة"), ("cairo", "لقاهرة"),
                                          ("ibrahim", "إبراهيم"), ("baghdad", "بغداد"), ("baghdad", "بغداد")]


def test_hebrew_proclitics_are_not_marked() -> None:
    forms = [("jerusalem", "ירושלים"), ("herzl", "הרצל")]
    text = "ובירושלים פגש הרצל את מי שבא מירושלים ולהרצל."
    assert _marks("he", forms, text) == [("jerusalem", "ירושלים"), ("herzl", "הרצל"), ("jerusalem", "ירושלים"),
                                          ("herzl", "הרצל")]
    # Without the language, a prefixed word is another word.
    assert _marks("en", forms, text) == [("herzl", "הרצל")]


def test_combining_marks_stay_inside_words() -> None:
    # Arabic with its vowel marks, Hebrew with points, Hindi with vowel signs: one word each.
    assert [t.text for t in tokenize("مُحَمَّد שָׁלוֹם हिन्दी")] == ["مُحَمَّد", "שָׁלוֹם", "हिन्दी"]
    assert _marks("hi", [("hindi", "हिन्दी")], "यह हिन्दी है") == [("hindi", "हिन्दी")]


def test_text_and_forms_are_compared_in_nfc() -> None:
    decomposed = "E\u0301le\u0301onore"
    assert _marks("fr", [("e", "Éléonore")], f"d’{decomposed} arrive") == [("e", f"{decomposed}")]


def test_the_fast_tokeniser_and_the_unicode_one_agree_where_both_apply() -> None:
    from glossa.matcher import _TOKEN_RE, _UNICODE_TOKEN_RE

    text = "People's Commissar Budënny, anti-Soviet — Whitcombe’s ½ naïve Œuvre façade 1932"
    assert _TOKEN_RE.findall(text) == _UNICODE_TOKEN_RE.findall(text)


_PROPERTY_FORMS = [("katsu", "勝海舟"), ("etat", "État"), ("ibrahim", "إبراهيم"), ("herzl", "הרצל"), ("moskva", "Москва"),
                   ("sun", "孙中山")]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40), st.sampled_from(_PROPERTY_FORMS), st.text(max_size=40),
       st.sampled_from(["en", "fr", "ar", "he", "ja", "zh", "ru"]))
def test_property_any_text_marks_only_forms_and_finds_a_form_set_apart(before: str, form: tuple[str, str], after: str,
                                                                        language: str) -> None:
    matcher = Matcher([FormSpec(e, f) for e, f in _PROPERTY_FORMS], language)
    text = f"{before} {form[1]} {after}"
    matches = matcher.find(text)
    folded = {unicodedata.normalize("NFC", f).casefold() for _, f in _PROPERTY_FORMS}
    last = 0
    for m in matches:
        assert last <= m.start < m.end <= len(text)  # in order, never overlapping
        assert unicodedata.normalize("NFC", text[m.start : m.end]).casefold().removesuffix("'s") in folded
        last = m.end
    # A form set apart by spaces is found where it stands, whatever surrounds it.
    start = len(before) + 1
    assert any(m.start == start and m.entry == form[0] for m in matches) or _glued_to_a_word(text, start, form[1])


def _glued_to_a_word(text: str, start: int, form: str) -> bool:
    """The only excuses for missing a form set apart by spaces: a combining mark or joiner fuses it to its neighbour."""
    end = start + len(form)
    return any(unicodedata.category(ch).startswith("M") or ch in "\u200c\u200d" for ch in text[end : end + 2])


def test_word_keys_hold_words_without_their_proclitics_and_an_update_keeps_the_language() -> None:
    from glossa.language import rules_for

    assert {"وإبراهيم", "إبراهيم", "القاهرة"} <= word_keys("وإبراهيم بالقاهرة", rules_for("ar"))
    assert "إبراهيم" not in word_keys("وإبراهيم", rules_for("en"))
    old = (FormSpec("ibrahim", "إبراهيم"),)
    updated = Matcher(old, "ar").updated(old, (*old, FormSpec("cairo", "القاهرة")))
    assert updated.language == "ar"
    assert [m.entry for m in updated.find("ولإبراهيم بالقاهرة")] == ["ibrahim", "cairo"]


def test_korean_particles_and_turkish_suffixes_are_not_marked() -> None:
    forms = [("kim-gu", "김구"), ("seoul", "서울")]
    assert _marks("ko", forms, "김구는 서울에서 김구의 글을 읽었다") == [("kim-gu", "김구"), ("seoul", "서울"), ("kim-gu", "김구")]
    assert _marks("tr", [("istanbul", "İstanbul")], "İstanbul'da ve İstanbul’un") == [("istanbul", "İstanbul")] * 2
    assert _marks("en", [("istanbul", "İstanbul")], "İstanbul'da") == []


def test_thai_names_match_inside_runs() -> None:
    assert _marks("th", [("bangkok", "กรุงเทพ")], "เขาเดินทางไปกรุงเทพเมื่อวาน") == [("bangkok", "กรุงเทพ")]


def test_a_short_name_is_not_found_inside_a_prefixed_looking_word() -> None:
    # "فعلي" (actual) is not ف + "علي" (Ali): a rest shorter than four letters is not split off.
    assert _marks("ar", [("ali", "علي")], "هذا فعلي ، وقال علي") == [("ali", "علي")]


def test_a_one_ideograph_name_is_not_found_inside_a_compound() -> None:
    forms = [("katsu", "勝"), ("katsu", "勝海舟")]
    text = "勝は勝手に大勝を語らず、「勝の言葉」を残した。勝海舟"
    assert [(m.start, text[m.start : m.end]) for m in Matcher([FormSpec(e, f) for e, f in forms], "ja").find(text)] == [
        (0, "勝"), (13, "勝"), (23, "勝海舟")]
