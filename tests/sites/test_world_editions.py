"""Editions in seven languages, made as an editor makes them: init, import, scaffold, build strictly.

Each raw page (``tests/fixtures/raw/world/``, our own sentences) has a chapter heading in
the language's form, a running footer, a word split across the page break, and note
markers after the language's own punctuation, in its own digits. The entries are made
with ``new person/place/term`` alone, plus at most a short form an editor would add by
hand. Every note marker must be imported, every mention found with the form the text
uses, and nothing else marked; each edition is built once, with ``--strict``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from glossa.cli import main

RAW = Path(__file__).resolve().parents[1] / "fixtures" / "raw" / "world"


@dataclasses.dataclass(frozen=True)
class Spec:
    """One language's edition: its footer, the entries an editor makes, and every mention the text holds."""

    footer: str
    #: (kind, name, forms added by hand), in the order the editor makes them.
    entries: tuple[tuple[str, str, tuple[str, ...]], ...]
    #: name -> {form as the text writes it: how many times it occurs}.
    mentions: dict[str, dict[str, int]]
    #: forms the scaffold must flag as inflected.
    inflected: frozenset[str] = frozenset()
    #: what coverage rightly reports as not covered (no common noun, month or particle among them).
    uncovered: frozenset[str] = frozenset()
    notes: int = 3


SPECS = {
    "fr": Spec(r"^Histoire de Lyon — page \d+$",
               (("person", "Éléonore Vautrin", ()), ("place", "Lyon", ()), ("term", "octroi", ()), ("term", "État", ())),
               {"Éléonore Vautrin": {"Éléonore Vautrin": 2, "Vautrin": 1}, "Lyon": {"Lyon": 3}, "octroi": {"octroi": 2},
                "État": {"État": 2}}, uncovered=frozenset({"Lyonnais"})),
    "de": Spec(r"^Geschichte Preußens — Seite \d+$",
               (("person", "Otto von Bismarck", ()), ("person", "Ludwig Windthorst", ()), ("term", "Kulturkampf", ()),
                ("place", "Berlin", ())),
               {"Otto von Bismarck": {"Otto von Bismarck": 1, "Bismarcks": 1, "Bismarck": 1},
                "Ludwig Windthorst": {"Ludwig Windthorst": 1, "Windthorsts": 1},
                "Kulturkampf": {"Kulturkampf": 2, "Kulturkampfes": 1}, "Berlin": {"Berlin": 3}},
               frozenset({"Bismarcks", "Windthorsts", "Kulturkampfes"})),
    "ru": Spec(r"^История России — стр\. \d+$",
               (("person", "Константин Петрович Победоносцев", ()), ("person", "Сергей Витте", ()),
                ("place", "Петербург", ()), ("term", "самодержавие", ())),
               {"Константин Петрович Победоносцев": {"Константин Петрович Победоносцев": 1, "Победоносцев": 1,
                                                     "Победоносцева": 1, "Победоносцеву": 1, "Победоносцевым": 1,
                                                     "Победоносцеве": 1},
                "Сергей Витте": {"Сергей Витте": 1}, "Петербург": {"Петербурге": 2, "Петербурга": 1},
                "самодержавие": {"самодержавия": 1}},
               frozenset({"Победоносцева", "Победоносцеву", "Победоносцевым", "Победоносцеве", "Петербурге",
                          "Петербурга", "самодержавия"}), uncovered=frozenset({"Синода"})),
    # The longer words first, as an editor who knows the text would: 勝利 is not a mention of 勝.
    "ja": Spec(r"^幕末史 \d+頁$",
               (("term", "勝利", ()), ("place", "江戸城", ()), ("person", "勝 海舟", ()), ("person", "西郷 隆盛", ()),
                ("place", "江戸", ())),
               {"勝利": {"勝利": 2}, "江戸城": {"江戸城": 1}, "勝 海舟": {"勝海舟": 1, "勝": 3},
                "西郷 隆盛": {"西郷隆盛": 1, "西郷": 1}, "江戸": {"江戸": 2}}),
    "zh": Spec(r"^中国近代史 第\d+页$",
               (("term", "辛亥革命", ()), ("term", "革命", ()), ("person", "孙 中山", ("孙文",)), ("person", "袁 世凯", ()),
                ("place", "南京", ()), ("place", "北京", ())),
               {"辛亥革命": {"辛亥革命": 1}, "革命": {"革命": 2}, "孙 中山": {"孙中山": 2, "孙文": 2},
                "袁 世凯": {"袁世凯": 1}, "南京": {"南京": 1}, "北京": {"北京": 1}}),
    "ar": Spec(r"^تاريخ مصر — صفحة \d+$",
               (("person", "إبراهيم باشا", ()), ("person", "محمد علي", ()), ("place", "القاهرة", ()),
                ("place", "الإسكندرية", ()), ("term", "الإصلاحات", ())),
               {"إبراهيم باشا": {"إبراهيم باشا": 2, "إبراهيم": 1}, "محمد علي": {"محمد علي": 1},
                "القاهرة": {"القاهرة": 3}, "الإسكندرية": {"الإسكندرية": 2}, "الإصلاحات": {"الإصلاحات": 3}}),
    "he": Spec(r"^ספר התולדות — עמוד \d+$",
               (("person", "תאודור הרצל", ()), ("place", "ירושלים", ())),
               {"תאודור הרצל": {"תאודור הרצל": 1, "הרצל": 2}, "ירושלים": {"ירושלים": 3}},
               uncovered=frozenset({"מדינת היהודים"})),
}


def _glossa(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        status = main(list(args))
    assert status == 0, out.getvalue()
    return out.getvalue()


def _fill_todos(edition: Path) -> None:
    """Write the prose the scaffolds leave as TODO (what an editor does before publishing)."""
    for path in (edition / "annotations").rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        text = text.replace('title: "TODO: a source a reader can follow"',
                            'title: "A source"\n    url: "https://example.org/source"')
        text = re.sub(r'"TODO[^"]*"', '"Written by the editors."', text)
        text = re.sub(r"(?m)^(\s+)TODO: .*$", r"\1Written by the editors.", text)
        path.write_text(text, encoding="utf-8")
    for page in ("docs/index.md", "docs/about.md"):
        path = edition / page
        path.write_text(re.sub(r"(?m)^TODO: .*$", "Written by the editors.", path.read_text(encoding="utf-8")),
                        encoding="utf-8")


@dataclasses.dataclass
class Made:
    """An edition made and built, with what the commands said."""

    root: Path
    spec: Spec
    report: str
    files: dict[str, Path]  # entry name -> its annotation file
    build: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module", params=sorted(SPECS))
def made(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Made:
    language, spec = request.param, SPECS[request.param]
    root = tmp_path_factory.mktemp(language) / "edition"
    report = _glossa("init", str(root), "--title", "Edition", "--language", language,
                     "--source", str(RAW / f"{language}.txt"), "--footer", spec.footer)
    config = str(root / "mkdocs.yml")
    files = {}
    for kind, name, by_hand in spec.entries:
        said = _glossa("-f", config, "new", kind, name)
        path = root / re.search(r"created (\S+\.yml)", said).group(1)  # type: ignore[union-attr]
        if by_hand:
            text = path.read_text(encoding="utf-8")
            path.write_text(text.replace("match:\n", "match:\n" + "".join(f'  - "{f}"\n' for f in by_hand), 1),
                            encoding="utf-8")
        files[name] = path
    _glossa("-f", config, "new", "notes")
    _fill_todos(root)
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(root / "site")],
                           capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return Made(root, spec, report, files, build)


def test_the_edition_builds_strictly(made: Made) -> None:
    assert made.build.returncode == 0, made.build.stderr


def test_init_s_language_reaches_the_page_and_its_direction(made: Made) -> None:
    """`glossa init --language` alone gives pages in the language, right to left in Arabic and Hebrew."""
    html = (made.root / "site" / "chapter-1" / "index.html").read_text(encoding="utf-8")
    tag = re.search(r"<html ([^>]*)>", html)
    assert tag, "no <html> element"
    language = made.root.parent.name.rstrip("0123456789")  # the fixture's folder is named after it
    direction = "rtl" if language in ("ar", "he") else "ltr"
    assert f'lang="{language}"' in tag.group(1) and f'dir="{direction}"' in tag.group(1), tag.group()


def test_every_note_marker_is_imported(made: Made) -> None:
    chapter = (made.root / "docs" / "chapter-1.md").read_text(encoding="utf-8")
    assert [int(n) for n in re.findall(r"\{\^(\d+)\}", chapter)] == list(range(1, made.spec.notes + 1))
    assert "not-a-marker" not in made.report and "no-chapter" not in made.report
    notes = sorted(p.name for p in (made.root / "annotations" / "notes").glob("*.yml"))
    assert notes == [f"1-{n}.yml" for n in range(1, made.spec.notes + 1)]
    html = (made.root / "site" / "chapter-1" / "index.html").read_text(encoding="utf-8")
    assert len(re.findall(r'data-glossa="note:1-\d+"', html)) >= made.spec.notes


def test_the_footer_is_dropped_and_the_split_word_joined(made: Made) -> None:
    chapter = (made.root / "docs" / "chapter-1.md").read_text(encoding="utf-8")
    assert "drop-footer" in made.report and "join-word" in made.report
    body = chapter.split("---", 2)[2]
    assert not re.search(made.spec.footer.strip("^$").replace(r"\d+", r"[\d٠-٩]+"), body)
    # Two paragraphs of text, the page break healed: no line-end hyphen is left in the chapter.
    assert not re.search(r"\w-\s", body)


def _forms(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [f if isinstance(f, dict) else {"text": f} for f in data["match"]]


def test_every_mention_is_found_with_no_false_match(made: Made) -> None:
    from glossa.project import chapter_usage, edition, load_project

    project = load_project(made.root / "mkdocs.yml")
    ed = edition(project)
    usage = chapter_usage(project, ed)
    ids = {name: path.stem for name, path in made.files.items()}
    for name, expected in made.spec.mentions.items():
        found = {form: n for (entry, form), n in usage.items() if entry == ids[name]}
        assert found == expected, name
    assert sum(usage.values()) == sum(sum(m.values()) for m in made.spec.mentions.values())


def test_inflected_forms_are_proposed_and_flagged(made: Made) -> None:
    flagged = {f["text"] for path in made.files.values() for f in _forms(path) if f.get("inflected")}
    assert flagged == made.spec.inflected


def test_the_marks_cover_the_name_and_not_its_prefix(made: Made) -> None:
    html = (made.root / "site" / "chapter-1" / "index.html").read_text(encoding="utf-8")
    marks = re.findall(r'<a data-glossa="(?:person|place|term):([^"]+)" href="[^"]*">([^<]*)</a>', html)
    forms = {path.stem: {unicodedata.normalize("NFC", f["text"]) for f in _forms(path)} for path in made.files.values()}
    assert {ident for ident, _ in marks} == set(forms)  # every entry is marked on the page
    for ident, text in marks:
        assert text in forms[ident], (ident, text)


def test_coverage_reports_names_not_the_languages_nouns(made: Made) -> None:
    from glossa.coverage import run_coverage
    from glossa.project import edition, load_project

    project = load_project(made.root / "mkdocs.yml")
    report, total = run_coverage(edition(project), project.annotations, project.language)
    assert set(re.findall(r"not covered: '([^']+)'", report)) == made.spec.uncovered
    assert total == len(made.spec.uncovered)
