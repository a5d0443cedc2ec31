"""``glossa import`` around the pure importer: options, the source credit, the nav of mkdocs.yml, and writing chapters.

The nav's basic ordering is also in test_init.py; these tests cover the rest of the module.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from glossa.chapters import parse_page
from glossa.importing import _credit, add_to_nav, options_for, run_import
from glossa.options import load_options
from glossa.project import Project

SOURCE = {"author": "Jane Roe", "title": "The Canal Chronicle", "place": "Leeds", "publisher": "Northern Press",
          "year": "1999"}
RAW = ("The canal was begun in spring.\nPage 12\nThe navvies came from far away.\n"
       "4. THE SUMMIT LEVEL\nThey climbed to the summit.1\n")
CONFIG = "site_name: The Canal  # the title\nnav:\n  - Home: index.md\n  - chapter-5.md\n  - About: about.md\n"


def _project(root: Path, options: dict | None = None) -> Project:
    opts, problems = load_options({"edition": {"source": SOURCE},
                                   "import": {"footer": r"^Page \d+$", "first_chapter": 3}, **(options or {})})
    assert not problems
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    config = SimpleNamespace(config_file_path=str(root / "mkdocs.yml"), use_directory_urls=True)
    return Project(config, opts, root, root / "docs")


def _args(source: Path, **kw: object) -> argparse.Namespace:
    values = {"source": str(source), "out": None, "dry_run": False, "force": False, "footer": None,
              "first_chapter": None, "first_note": None, **kw}
    return argparse.Namespace(**values)


# --- options --------------------------------------------------------------------------------------


def test_credit_from_the_source_facts() -> None:
    assert _credit(SimpleNamespace(**SOURCE)) == "Jane Roe, The Canal Chronicle (Leeds: Northern Press, 1999)"
    assert _credit(SimpleNamespace(**{**SOURCE, "author": "", "place": ""})) == "The Canal Chronicle (Northern Press, 1999)"
    assert _credit(SimpleNamespace(**{**SOURCE, "publisher": "", "place": "", "year": ""})) == "Jane Roe, The Canal Chronicle"
    assert _credit(SimpleNamespace(**{**SOURCE, "title": ""})) == ""  # no title: no credit


def test_options_come_from_the_plugin_settings(tmp_path: Path) -> None:
    options = options_for(_project(tmp_path, {"import": {"footer": "^X$", "first_chapter": 3, "first_note": 12,
                                                         "title_case": False, "heading_format": "Part {number}"}}))
    assert (options.footer, options.first_chapter, options.first_note) == ("^X$", "3", 12)
    assert options.title_case is False and options.heading_format == "Part {number}"
    assert options.book_title == "The Canal Chronicle"
    assert options.source_credit == "Jane Roe, The Canal Chronicle (Leeds: Northern Press, 1999)"


def test_command_line_options_override_the_settings(tmp_path: Path) -> None:
    project = _project(tmp_path)
    options = options_for(project, _args(tmp_path / "x.txt", footer="^Folio$", first_chapter=7, first_note=3))
    assert (options.footer, options.first_chapter, options.first_note) == ("^Folio$", "7", 3)
    unset = options_for(project, _args(tmp_path / "x.txt"))
    assert (unset.footer, unset.first_chapter, unset.first_note) == (r"^Page \d+$", "3", None)


# --- the nav --------------------------------------------------------------------------------------


def test_nav_inside_a_section_keeps_its_indentation() -> None:
    text = "nav:\n  - Home: index.md\n  - Chapters:\n      - chapter-2.md\n  - about.md\n"
    out, added = add_to_nav(text, ["chapter-3.md", "chapter-1.md"])
    assert added == ["chapter-1.md", "chapter-3.md"]
    assert yaml.safe_load(out)["nav"] == [{"Home": "index.md"}, {"Chapters": ["chapter-1.md", "chapter-2.md", "chapter-3.md"]},
                                          "about.md"]


def test_nav_without_chapters_gets_them_after_the_first_item() -> None:
    out, added = add_to_nav("site_name: X\nnav:\n  - Home: index.md\n  - About: about.md\n", ["docs2/chapter-2.md"])
    assert added == ["docs2/chapter-2.md"]
    assert out == "site_name: X\nnav:\n  - Home: index.md\n  - docs2/chapter-2.md\n  - About: about.md\n"


def test_an_empty_nav_gets_its_first_chapters() -> None:
    out, added = add_to_nav("site_name: X\nnav:\nextra: {}\n", ["chapter-2.md", "chapter-1.md"])
    assert added == ["chapter-1.md", "chapter-2.md"]
    assert yaml.safe_load(out) == {"site_name": "X", "nav": ["chapter-1.md", "chapter-2.md"], "extra": {}}


def test_listed_pages_and_configs_without_nav_are_left_alone() -> None:
    text = "nav:\n  - chapter-1.md\n"
    assert add_to_nav(text, ["chapter-1.md"]) == (text, [])
    assert add_to_nav("site_name: X\n", ["chapter-1.md"]) == ("site_name: X\n", [])
    assert add_to_nav("not: [valid\n", ["chapter-1.md"]) == ("not: [valid\n", [])


def test_a_nav_in_flow_style_is_left_as_it_was() -> None:
    # Lines cannot go into "nav: [index.md]"; the file stays valid and the command names the pages instead.
    for text in ("site_name: X\nnav: [index.md]\n", "site_name: X\nnav: []\n"):
        assert add_to_nav(text, ["chapter-1.md", "chapter-3.md"]) == (text, [])


# --- the command ----------------------------------------------------------------------------------


def test_import_writes_chapters_lists_them_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    source = tmp_path / "raw.txt"
    source.write_text(RAW, encoding="utf-8")
    assert run_import(project, _args(source)) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Import report for {source} (")
    assert "  raw.txt:2: drop-footer: running footer 'Page 12' removed" in out
    assert "  wrote docs/chapter-3.md: 'Chapter 3', 2 paragraphs" in out
    assert "  wrote docs/chapter-4.md: 'Chapter 4: The Summit Level', 1 paragraphs" in out
    # Each file is a chapter the build accepts, credited to the source.
    for number in ("3", "4"):
        text = (tmp_path / "docs" / f"chapter-{number}.md").read_text(encoding="utf-8")
        chapter, problems = parse_page(text, f"docs/chapter-{number}.md")
        assert chapter is not None and chapter.chapter == number and problems == []
        assert 'source: "Jane Roe, The Canal Chronicle (Leeds: Northern Press, 1999)"' in text
    assert "Page 12" not in (tmp_path / "docs" / "chapter-3.md").read_text(encoding="utf-8")
    # The nav lists them in order, and the rest of mkdocs.yml (its comment too) is as it was.
    config = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    assert config == CONFIG.replace("  - chapter-5.md\n", "  - chapter-3.md\n  - chapter-4.md\n  - chapter-5.md\n")
    assert "added to the nav in mkdocs.yml: chapter-3.md, chapter-4.md" in out


def test_import_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    source = tmp_path / "raw.txt"
    source.write_text(RAW, encoding="utf-8")
    (tmp_path / "docs" / "chapter-3.md").write_text("edited by hand\n", encoding="utf-8")
    assert run_import(project, _args(source)) == 1
    assert (tmp_path / "docs" / "chapter-3.md").read_text(encoding="utf-8") == "edited by hand\n"
    assert "chapter-3.md: exists; not overwritten (use --force to replace it)" in capsys.readouterr().err
    assert (tmp_path / "docs" / "chapter-4.md").is_file()  # the others are still written
    assert run_import(project, _args(source, force=True)) == 0
    assert (tmp_path / "docs" / "chapter-3.md").read_text(encoding="utf-8").startswith("---\nchapter: \"3\"")


def test_dry_run_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    source = tmp_path / "raw.txt"
    source.write_text(RAW, encoding="utf-8")
    assert run_import(project, _args(source, dry_run=True)) == 0
    assert "  would write docs/chapter-3.md" in capsys.readouterr().out
    assert list((tmp_path / "docs").iterdir()) == []
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == CONFIG


def test_import_elsewhere_leaves_the_nav_alone(tmp_path: Path) -> None:
    project = _project(tmp_path)
    source = tmp_path / "raw.txt"
    source.write_text(RAW, encoding="utf-8")
    assert run_import(project, _args(source, out="drafts")) == 0
    assert sorted(p.name for p in (tmp_path / "drafts").iterdir()) == ["chapter-3.md", "chapter-4.md"]
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == CONFIG


def test_unreadable_source_and_bad_patterns_are_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path)
    assert run_import(project, _args(tmp_path / "missing.txt")) == 2
    assert "cannot read the source as UTF-8 text" in capsys.readouterr().err
    binary = tmp_path / "raw.bin"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert run_import(project, _args(binary)) == 2
    text = tmp_path / "raw.txt"
    text.write_text(RAW, encoding="utf-8")
    assert run_import(project, _args(text, footer="^(unclosed")) == 2
    assert "not a valid regular expression" in capsys.readouterr().err
    assert list((tmp_path / "docs").iterdir()) == []
