"""The typed annotation model: the one description of the annotation format.

The build, the ``check`` command and the committed JSON Schema files all derive
from these classes, so the format is described exactly once. Field descriptions
double as the hover help that YAML-aware editors show from the schema.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator

# --- small value types -----------------------------------------------------------

#: Ids are slugs: they name output folders, so they can neither escape the site
#: nor collide with a page (reserved names are refused in the registry).
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# ``1936-09-26``, ``1936-09``, ``1895``, ``c. 1891``; YAML would make some of
# these dates or ints, which is why the loader keeps every scalar as text.
DATE_RE = re.compile(r"^(?:c\. ?)?(\d{3,4})(?:-(\d{2})(?:-(\d{2}))?)?$")

_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _as_text(value: Any) -> Any:
    """Accept numbers written without quotes (``year: 2004``) as their text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _check_date(value: str) -> str:
    m = DATE_RE.match(value.strip())
    if not m:
        raise ValueError(
            f"'{value}' is not a date Glossa understands; write YYYY-MM-DD, YYYY-MM, YYYY or 'c. YYYY' "
            "(put Old Style or disputed dates in 'dates_note')"
        )
    month, day = m.group(2), m.group(3)
    if month and not 1 <= int(month) <= 12:
        raise ValueError(f"month {month} in '{value}' is not 01-12")
    if day and not 1 <= int(day) <= _DAYS[int(month) - 1]:
        raise ValueError(f"day {day} in '{value}' does not exist in month {month}")
    return value.strip()


DateText = Annotated[str, BeforeValidator(_as_text), Field(examples=["1936-09-26", "1936-09", "1895", "c. 1891"])]
OneLine = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=240, pattern=r"^[^\n]*$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=6000)]
Ref = Annotated[str, StringConstraints(strip_whitespace=True, pattern=SLUG_RE.pattern, max_length=80)]


class _Strict(BaseModel):
    # Unknown fields are errors (with a "did you mean"), never silently ignored.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Form(_Strict):
    """A form of a name or term as it occurs in the text, with its matching options."""

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)] = Field(
        description="The form exactly as it occurs in the text, e.g. 'Trotski' or 'troiki'."
    )
    case: Literal["auto", "exact"] = Field(
        "auto",
        description="'auto': a capitalised form matches as written; a lowercase form also matches "
        "capitalised at a sentence start. 'exact': only as written.",
    )
    sic: bool = Field(False, description="The source's own misspelling, matched and marked [sic].")
    common: bool = Field(
        False, description="Allow a common word (e.g. 'party') to be linked; otherwise such forms are refused."
    )


def _form_from_text(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


FormItem = Annotated[Form, BeforeValidator(_form_from_text)]


class Source(_Strict):
    """A source a reader can follow: a book or article, or a web page with its URL."""

    title: Name = Field(description="Title of the book, article or encyclopedia entry.")
    author: Name | None = Field(None, description="Author(s) or editor(s).")
    year: Annotated[str, BeforeValidator(_as_text), StringConstraints(pattern=r"^\d{4}$")] | None = Field(
        None, description="Year of publication, e.g. 2004."
    )
    publisher: Name | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"']+$", max_length=500)] | None = Field(
        None, description="An http(s) address where the source can be read."
    )
    pages: Annotated[str, BeforeValidator(_as_text), StringConstraints(max_length=40)] | None = None
    note: OneLine | None = None


class Office(_Strict):
    """An office held, with the years it was held."""

    office: OneLine = Field(description="The office, e.g. 'People's Commissar of Internal Affairs'.")
    start: DateText | None = Field(None, description="When it began (YYYY, YYYY-MM or YYYY-MM-DD).")
    end: DateText | None = Field(None, description="When it ended.")

    _dates = field_validator("start", "end")(lambda cls, v: v if v is None else _check_date(v))


class Original(_Strict):
    """The original-language form of a term, transliterated, with its meaning."""

    text: Name = Field(description="Original form, transliterated, e.g. 'Narodny komissariat vnutrennikh del'.")
    language: Name = Field("Russian", description="Language of the original form.")
    meaning: OneLine = Field(description="Literal meaning in English.")


class _Entry(_Strict):
    name: Name = Field(description="Display name: how the entry is titled on its page and in previews.")
    match: list[FormItem] = Field(
        default_factory=list,
        description="Forms that occur in the chapter text and are linked to this entry. "
        "Every form must be claimed by one entry only.",
    )
    other_names: list[Name] = Field(
        default_factory=list,
        description="Variants, full names and transliterations shown on the page and found by search; "
        "they need not occur in the text.",
    )
    related: list[Ref] = Field(default_factory=list, description="Ids of related people or terms.")
    sources: list[Source] = Field(default_factory=list, description="Sources a reader can follow.")


class Person(_Entry):
    """A person the text names."""

    born: DateText | None = Field(None, description="Birth date: YYYY-MM-DD, YYYY-MM, YYYY or 'c. YYYY'.")
    died: DateText | None = Field(None, description="Death date, same format as 'born'.")
    death: OneLine | None = Field(None, description="How the person died, where it matters (e.g. 'Shot').")
    dates_note: OneLine | None = Field(None, description="Old Style dates, disputed dates and the like.")
    offices: list[Office] = Field(default_factory=list, description="Offices held, in particular in the years covered.")
    summary: OneLine = Field(description="One line shown in previews, e.g. 'Head of the NKVD, 1936-38'.")
    profile: LongText = Field(description="The profile, in Markdown. Link entries with [[id]] or [[id|text]].")

    _dates = field_validator("born", "died")(lambda cls, v: v if v is None else _check_date(v))


TermCategory = Literal[
    "institution", "office", "policy", "event", "group", "publication", "place", "concept", "other"
]


class Term(_Entry):
    """A glossary term; places are terms with ``category: place``."""

    category: TermCategory = Field("concept", description="What kind of term this is; places are 'place'.")
    original: Original | None = Field(None, description="The original-language form and its meaning.")
    definition: LongText = Field(description="The definition, in Markdown. Link entries with [[id]].")


class Note(_Strict):
    """The edition's commentary on one of the book's numbered notes."""

    chapter: Annotated[str, BeforeValidator(_as_text), StringConstraints(pattern=r"^[A-Za-z0-9-]{1,20}$")] = Field(
        description="The chapter, as in the chapter file's front matter (e.g. 28)."
    )
    number: int = Field(ge=1, le=9999, description="The book's note number in that chapter.")
    text: LongText = Field(description="The expansion, in Markdown: our commentary, ending with its sources.")
    related: list[Ref] = Field(default_factory=list, description="Ids of people or terms the note concerns.")
    sources: list[Source] = Field(default_factory=list, description="Sources a reader can follow.")


KINDS: dict[str, type[BaseModel]] = {"person": Person, "term": Term, "note": Note}

#: Folder under ``annotations/`` for each kind, and its page folder on the site.
FOLDERS = {"person": "people", "term": "glossary", "note": "notes"}
