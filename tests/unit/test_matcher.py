"""The matcher against every trap in the issue, plus normalisation."""

from __future__ import annotations

import pytest

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
