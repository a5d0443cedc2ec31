"""A tiny edition for the book tests (EPUB and PDF): two chapters, every kind, notes numbered per chapter.

Its language is a parameter, so the same edition is built left to right and right to left.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

MKDOCS_YML = """\
site_name: "The Harbour Book: a test edition"
site_description: A tiny edition for the book tests.
site_url: http://127.0.0.1:8000/
repo_url: https://example.org/editors/harbour-book
copyright: "Text © Ada Writer, 1901; all rights remain with the author. Annotations © the editors, CC BY-SA 4.0."
theme:
  name: material
  font: false
  language: {language}
plugins:
  - search
  - glossa:
      source_locators: false
      edition:
        editors: [Ed One, Ed Two]
        publisher: Test Press
        year: "2026"
        source:
          author: Ada Writer
          title: The Harbour Book
          publisher: Old Press
          place: Dover
          year: "1901"
markdown_extensions:
  - attr_list
  - toc:
      permalink: true
nav:
  - Home: index.md
  - "Chapter 1: The Quay": chapter-1.md
  - "Chapter 2": chapter-2.md
  - About: about.md
"""

CHAPTER_1 = """\
---
chapter: "1"
title: "Chapter 1: The Quay"
---

# Chapter 1: The Quay

Captain Mara Voss sailed into Dover at dawn.{^1} The harbour board met her on the quay.
{: #c1-p1 }

The Great Storm had closed the port for a week, and Voss had waited at sea.{^2}
{: #c1-p2 }
"""

CHAPTER_2 = """\
---
chapter: "2"
---

# Chapter 2

Later the harbour board fined Voss, who left Dover for good.{^1}
{: #c2-p1 }
"""


def write(path: Path, text: str) -> None:
    """Write a file, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def harbour_edition(root: Path, language: str = "en", *, chapter_1: str = CHAPTER_1,
                    extra: dict[str, str] | None = None) -> Path:
    """Write the edition into ``root``; return its mkdocs.yml."""
    write(root / "mkdocs.yml", MKDOCS_YML.format(language=language))
    write(root / "docs/index.md", "# The Harbour Book\n\nWelcome.\n")
    write(root / "docs/about.md", "# About this edition\n\nThe editors read [the first chapter](chapter-1.md).\n")
    write(root / "docs/chapter-1.md", chapter_1)
    write(root / "docs/chapter-2.md", CHAPTER_2)
    a = root / "annotations"
    write(a / "people/voss.yml", "name: Mara Voss\nmatch: [Mara Voss, Voss]\nborn: \"1860-03-02\"\n"
          "summary: A ship's captain.\nprofile: A captain of the [[harbour-board]]'s time.\nsources:\n  - title: Harbour Records\n    year: 1902\n")
    write(a / "people/quill.yml", "name: Tobias Quill\nsummary: A clerk.\n"
          "profile: A clerk who is only referenced from a note.\nsources: [{title: Harbour Records}]\n")
    write(a / "glossary/harbour-board.yml", "name: harbour board\ncategory: institution\n"
          "match: [{text: harbour board, common: true}]\ndefinition: The body that ran the port.\nsources: [{title: Atlas}]\n")
    write(a / "places/dover.yml", "name: Dover\nmatch: [Dover]\ndefinition: A port town.\nsources: [{title: Atlas}]\n")
    write(a / "events/great-storm.yml", "name: The Great Storm\ndate: 1900-11-12\nmatch: [Great Storm]\n"
          "summary: A storm.\ndescription: A storm that closed the port.\nsources: [{title: Atlas}]\n")
    write(a / "notes/1-1.yml", "chapter: 1\nnumber: 1\ntext: Voss's arrival, logged by [[quill]].\n")
    write(a / "notes/1-2.yml", "chapter: 1\nnumber: 2\ntext: The week at sea.\n")
    write(a / "notes/2-1.yml", "chapter: 2\nnumber: 1\ntext: The fine, recorded by the board.\n")
    for rel, text in (extra or {}).items():
        write(root / rel, text)
    return root / "mkdocs.yml"
