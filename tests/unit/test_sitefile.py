"""What the checks read from mkdocs.yml, with positions: the pages the nav lists and the site's own texts."""

from __future__ import annotations

from pathlib import Path

from glossa.sitefile import SITE_FIELDS, NavRef, SiteFile, parse_site, read_site

CONFIG = """\
site_name: !ENV [SITE_NAME, "The Canal Chronicle"]
site_description: TODO describe the edition
copyright: 2024 Ann Editor
nav:
  - Home: index.md
  - /chapter-1.md
  - Chapters:
      - chapter-2.md
      - https://canal.example/old.md
      - Web: https://canal.example/
  - people/index.md
  - about.html
theme: material
"""


def test_nav_references_with_their_positions() -> None:
    site = parse_site(CONFIG)
    assert site.nav == [NavRef("index.md", 5, 11), NavRef("chapter-1.md", 6, 5), NavRef("chapter-2.md", 8, 9),
                        NavRef("people/index.md", 11, 5)]
    assert site.nav_line == 4 and site.file == "mkdocs.yml"


def test_site_texts_with_positions_and_env_defaults() -> None:
    assert parse_site(CONFIG).fields == {
        "site_name": ("The Canal Chronicle", 1, 12),  # !ENV [NAME, default]: the default, not run
        "site_description": ("TODO describe the edition", 2, 19),
        "copyright": ("2024 Ann Editor", 3, 12),
    }
    assert SITE_FIELDS == ("site_name", "site_description", "copyright")


def test_a_config_without_nav_lists_every_page() -> None:
    assert parse_site("site_name: The Canal\n", "edition/mkdocs.yml") == SiteFile(
        "edition/mkdocs.yml", None, 1, {"site_name": ("The Canal", 1, 12)})


def test_an_empty_nav_is_a_nav_with_nothing_in_it() -> None:
    site = parse_site("theme: material\nnav:\n")
    assert site.nav == [] and site.nav_line == 2


def test_texts_that_are_not_scalars_are_left_out() -> None:
    assert parse_site("site_name: [a, [b]]\ncopyright: {year: 1799}\n").fields == {}


def test_unreadable_yaml_gives_an_empty_site() -> None:
    assert parse_site("nav: [index.md\n", "m.yml") == SiteFile("m.yml", None, 1, {})
    assert parse_site("- just\n- a list\n") == SiteFile("mkdocs.yml", None, 1, {})
    assert parse_site("") == SiteFile("mkdocs.yml", None, 1, {})


def test_read_site_reads_the_file(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG, encoding="utf-8")
    assert read_site(config, "mkdocs.yml") == parse_site(CONFIG)


def test_read_site_of_a_missing_or_binary_file_is_empty(tmp_path: Path) -> None:
    assert read_site(tmp_path / "absent.yml", "absent.yml") == SiteFile("absent.yml", None, 1, {})
    binary = tmp_path / "mkdocs.yml"
    binary.write_bytes(b"site_name: \xff\xfe\n")
    assert read_site(binary) == SiteFile("mkdocs.yml", None, 1, {})
