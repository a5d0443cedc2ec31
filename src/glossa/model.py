"""The typed annotation model: the one description of the annotation format.

The build, the ``check`` command and the JSON Schema files all derive from these
classes, so the format is described exactly once. Field descriptions double as the
hover help that YAML-aware editors show from the schema.

Each entry model also says, in a few small methods, what a generic page needs from
it (its preview line, its body, its facts, its dates). The kinds table in
:mod:`glossa.kinds` registers the models; nothing else branches on the kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator

from . import dates
from .i18n import ENGLISH, Words

# --- small value types -----------------------------------------------------------

#: Ids are slugs: they name output folders, so they can neither escape the site
#: nor collide with a page (reserved names are refused in the registry).
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: A chapter's key, as in its front matter: a number or a slug (it becomes part of element ids).
CHAPTER_RE = re.compile(r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$")


def _as_text(value: Any) -> Any:
    """Accept numbers written without quotes (``year: 2004``) as their text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value


def _plain(value: Any) -> Any:
    """Refuse markup characters in one-line plain-text fields (names, titles, summaries)."""
    if isinstance(value, str) and re.search(r"[<>]", value):
        raise ValueError("this is plain text: '<' and '>' are not allowed here (write Markdown in the longer texts)")
    return value


DateStr = Annotated[str, BeforeValidator(_as_text), Field(examples=["1936-09-26", "1936-09", "1895", "c. 1891",
                                                                    "1936-08-19/1936-08-24"])]
Plain = BeforeValidator(_plain)
OneLine = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=240, pattern=r"^[^\n]*$"), Plain]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120, pattern=r"^[^\n]*$"), Plain]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=6000)]
Ref = Annotated[str, StringConstraints(strip_whitespace=True, pattern=SLUG_RE.pattern, max_length=80)]
Wikidata = Annotated[str, BeforeValidator(_as_text), StringConstraints(strip_whitespace=True, pattern=r"^Q[1-9]\d{0,11}$")]
Viaf = Annotated[str, BeforeValidator(_as_text), StringConstraints(strip_whitespace=True, pattern=r"^[1-9]\d{0,21}$")]
GeoNames = Annotated[str, BeforeValidator(_as_text), StringConstraints(strip_whitespace=True, pattern=r"^[1-9]\d{0,9}$")]
#: A site path an entry used to have, e.g. ``glossary/canal-mania`` (kept working by a redirect page).
OldPath = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*/?$")]


class _Strict(BaseModel):
    # Unknown fields are errors (with a "did you mean"), never silently ignored.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class DateSpec(_Strict):
    """A date, with the alternatives some sources give when it is disputed."""

    date: DateStr = Field(description=f"The date most sources give: {dates.FORMATS}.")
    alternatives: list[DateStr] = Field(default_factory=list, description="Other dates that some sources give.")
    note: OneLine | None = Field(None, description="Who gives which date, e.g. '24 March in some parish registers'.")

    _check = field_validator("date")(lambda cls, v: dates.check(v))
    _check_alt = field_validator("alternatives")(lambda cls, v: [dates.check(x) for x in v])

    @property
    def disputed(self) -> bool:
        """Whether sources disagree about this date."""
        return bool(self.alternatives)

    def human(self, words: Words = ENGLISH) -> str:
        """``21 March 1921`` or ``21 March 1921 (disputed: also 24 March 1921)``, in the reader's language."""
        text = words.date(self.date)
        if self.alternatives:
            text += " " + words._("(disputed: also {dates})", dates=", ".join(words.date(a) for a in self.alternatives))
        return text


def _date_spec(value: Any) -> Any:
    value = _as_text(value)
    return {"date": value} if isinstance(value, str) else value


#: A date field: a plain date string, or ``{date, alternatives, note}`` for a disputed one.
DateField = Annotated[DateSpec, BeforeValidator(_date_spec, json_schema_input_type=str | int | DateSpec)]


class Form(_Strict):
    """A form of a name or term as it occurs in the text, with its matching options."""

    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)] = Field(
        description="The form exactly as it occurs in the text, e.g. 'Whitcombe' or 'navvies'."
    )
    case: Literal["auto", "exact"] = Field(
        "auto",
        description="'auto': a capitalised form matches as written; a lowercase form also matches "
        "capitalised at a sentence start. 'exact': only as written.",
    )
    sic: bool = Field(False, description="The source's own misspelling, matched and marked [sic].")
    inflected: bool = Field(
        False, description="A grammatical form of the name, not another spelling (Russian 'Победоносцева', German "
        "'Bismarcks'): matched and linked, but not shown as 'Also written', not an alternate name, not an index entry.",
    )
    common: bool = Field(
        False, description="Link a lowercase form or a common word (e.g. 'navvies', 'lock'). The check says how "
        "many places it would link; confirm with 'common: true' only if every one of them means this entry.",
    )


def _form_from_text(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


FormItem = Annotated[Form, BeforeValidator(_form_from_text, json_schema_input_type=str | Form)]


class Source(_Strict):
    """A source a reader can follow: a book, an article, a document or a web page, with a locator."""

    title: Name = Field(description="Title of the book, article, document or web page.")
    author: Name | None = Field(None, description="Author(s), e.g. 'Jane Roe and John Doe'.")
    editor: Name | None = Field(None, description="Editor(s) of an edited volume or document collection.")
    container: Name | None = Field(
        None, description="The book, journal or encyclopedia the title appears in (for a chapter, article or entry)."
    )
    year: Annotated[str, BeforeValidator(_as_text), StringConstraints(pattern=r"^\d{4}$")] | None = Field(
        None, description="Year of publication, e.g. 2004."
    )
    publisher: Name | None = None
    place: Name | None = Field(None, description="Place of publication, e.g. 'Leeds'.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://[^\s<>\"'`\\]+$", max_length=500)] | None = Field(
        None, description="An http(s) address where the source can be read."
    )
    pages: Annotated[str, BeforeValidator(_as_text), StringConstraints(max_length=40, pattern=r"^[^\n<>]*$")] | None = Field(
        None, description="Locator: a page or page range, e.g. '112' or '112–19'."
    )
    chapter: Annotated[str, BeforeValidator(_as_text), StringConstraints(max_length=120, pattern=r"^[^\n<>]*$")] | None = Field(
        None, description="Locator: a chapter, e.g. '3' or '3, “The Summit Level”'."
    )
    section: Annotated[str, BeforeValidator(_as_text), StringConstraints(max_length=120, pattern=r"^[^\n<>]*$")] | None = Field(
        None, description="Locator: a section, article or document number, e.g. 'Article 12' or 'Document 42'."
    )
    note: OneLine | None = None

    @property
    def locator(self) -> str | None:
        """The most precise locator given, if any (pages, chapter, section or URL)."""
        return self.pages or self.section or self.chapter or self.url

    @property
    def is_book(self) -> bool:
        """A published book or collection (cited without a locator, it is cited whole)."""
        return bool(self.publisher) and not self.container and not self.url


class Office(_Strict):
    """An office held, with when it was held."""

    office: OneLine = Field(description="The office, e.g. 'Resident Engineer of the Canal Company'.")
    start: DateStr | None = Field(None, description="When it began (YYYY, YYYY-MM or YYYY-MM-DD).")
    end: DateStr | None = Field(None, description="When it ended.")

    _dates = field_validator("start", "end")(lambda cls, v: v if v is None else dates.check(v))


class Original(_Strict):
    """The original-language form of a term, transliterated, with its meaning."""

    text: Name = Field(description="Original form, transliterated, e.g. 'Kanal der Gipfelhaltung'.")
    language: Name | None = Field(None, description="Language of the original form, e.g. 'German'.")
    meaning: OneLine = Field(description="Literal meaning, in the edition's language.")


#: One dated item an entry contributes to the timeline: (what, date, date note).
Dated = tuple[str, DateSpec]


class EntryModel(_Strict):
    """Fields every named entry (person, term, place, event) has."""

    #: The Markdown field shown as the entry page's body.
    body_field: ClassVar[str] = "profile"

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
    related: list[Ref] = Field(default_factory=list, description="Ids of related entries.")
    sources: list[Source] = Field(default_factory=list, description="Sources a reader can follow.")
    wikidata: Wikidata | None = Field(None, description="Wikidata item, e.g. 'Q42'. Verify it; a wrong one is worse than none.")
    viaf: Viaf | None = Field(None, description="VIAF identifier (digits).")
    redirect_from: list[OldPath] = Field(
        default_factory=list, description="Site paths this entry used to have, e.g. 'glossary/canal-mania'; they redirect here."
    )

    def body(self) -> str:
        """The Markdown of the page body."""
        return str(getattr(self, self.body_field))

    def summary_line(self) -> str:
        """One line of plain text for previews and indexes."""
        return first_sentence(self.body())

    def facts(self, words: Words = ENGLISH) -> list[tuple[str, str]]:
        """``(label, plain text)`` lines shown under the name on the entry page."""
        return []

    def preview_dates(self, words: Words = ENGLISH) -> str:
        """Dates shown next to the name in previews and indexes ("" for none)."""
        return ""

    def dated(self, words: Words = ENGLISH) -> list[Dated]:
        """What this entry puts on the timeline (labels in the reader's language)."""
        return []

    def all_dates(self) -> list[tuple[str, DateSpec]]:
        """Every date of the entry with its field name (for the consistency rules)."""
        return [(label, spec) for label, spec in self.dated()]


class Person(EntryModel):
    """A person the text names."""

    born: DateField | None = Field(None, description=f"Birth date: {dates.FORMATS}; or {{date, alternatives, note}}.")
    died: DateField | None = Field(None, description="Death date, same format as 'born'.")
    death: OneLine | None = Field(None, description="How the person died, where it matters (e.g. 'Drowned').")
    dates_note: OneLine | None = Field(None, description="Old Style dates and the like.")
    offices: list[Office] = Field(default_factory=list, description="Offices held, in particular in the years covered.")
    summary: OneLine = Field(description="One line shown in previews, e.g. 'Engineer of the summit level, 1791-93'.")
    profile: LongText = Field(description="The profile, in Markdown. Link entries with [[id]] or [[id|text]].")

    def summary_line(self) -> str:
        return self.summary

    def preview_dates(self, words: Words = ENGLISH) -> str:
        """``18 December 1878 – 5 March 1953`` (or the half that is known)."""
        born = self.born.human(words) if self.born else ""
        died = self.died.human(words) if self.died else ""
        if born and died:
            return f"{born} – {died}"
        return words._("born {date}", date=born) if born else (words._("died {date}", date=died) if died else "")

    def facts(self, words: Words = ENGLISH) -> list[tuple[str, str]]:
        out = []
        life = self.preview_dates(words)
        if life:
            out.append(("dates", life + (f" — {self.death}" if self.death else "")))
        for label, spec in ((words._("Born: {note}"), self.born), (words._("Died: {note}"), self.died)):
            if spec and spec.note:
                out.append(("datesnote", label.format(note=spec.note)))
        if self.dates_note:
            out.append(("datesnote", self.dates_note))
        return out

    def dated(self, words: Words = ENGLISH) -> list[Dated]:
        out: list[Dated] = []
        if self.born:
            out.append((words._("Born"), self.born))
        if self.died:
            death = f" ({self.death[0].lower() + self.death[1:]})" if self.death and words.english else (
                f" ({self.death})" if self.death else "")
            out.append((words._("Died") + death, self.died))
        for office in self.offices:
            if office.start:
                # An office is one item spanning its years, when they make a valid range.
                span = f"{office.start}/{office.end}" if office.end else office.start
                try:
                    dates.parse(span)
                except ValueError:
                    span = office.start
                out.append((office.office, DateSpec(date=span, note=None)))
        return out


TermCategory = Literal["institution", "office", "policy", "group", "publication", "concept", "other"]


def _moved_category(value: Any) -> Any:
    if value in ("place", "event"):
        folder = {"place": "places", "event": "events"}[value]
        raise ValueError(f"{value}s are a kind of their own: move this file to annotations/{folder}/ "
                         "(and add 'redirect_from: [glossary/<id>]' to keep its old address)")
    return value


class Term(EntryModel):
    """A glossary term: an institution, office, policy, group, publication or concept."""

    body_field: ClassVar[str] = "definition"

    category: Annotated[TermCategory, BeforeValidator(_moved_category)] = Field(
        "concept", description="What kind of term this is."
    )
    original: Original | None = Field(None, description="The original-language form and its meaning.")
    date: DateField | None = Field(None, description="When it was founded, enacted or began, if that matters (optional).")
    definition: LongText = Field(description="The definition, in Markdown. Link entries with [[id]].")

    def facts(self, words: Words = ENGLISH) -> list[tuple[str, str]]:
        return _original_fact(self.original) + ([("dates", self.date.human(words))] if self.date else [])

    def dated(self, words: Words = ENGLISH) -> list[Dated]:
        return [(self.name, self.date)] if self.date else []


class Place(EntryModel):
    """A place the text names: a city, a region, a country, a building."""

    body_field: ClassVar[str] = "definition"

    original: Original | None = Field(None, description="The original-language name and its meaning.")
    geonames: GeoNames | None = Field(None, description="GeoNames identifier (digits).")
    definition: LongText = Field(description="The description, in Markdown. Link entries with [[id]].")

    def facts(self, words: Words = ENGLISH) -> list[tuple[str, str]]:
        return _original_fact(self.original)


class Event(EntryModel):
    """A dated happening the text refers to: a murder, a trial, an appointment."""

    body_field: ClassVar[str] = "description"

    date: DateField = Field(description=f"When it happened: {dates.FORMATS}; or {{date, alternatives, note}}.")
    summary: OneLine = Field(description="One line shown in previews.")
    original: Original | None = Field(None, description="The original-language name and its meaning.")
    description: LongText = Field(description="The description, in Markdown. Link entries with [[id]].")

    def summary_line(self) -> str:
        return self.summary

    def preview_dates(self, words: Words = ENGLISH) -> str:
        return self.date.human(words)

    def facts(self, words: Words = ENGLISH) -> list[tuple[str, str]]:
        out = [("dates", self.date.human(words))]
        if self.date.note:
            out.append(("datesnote", self.date.note))
        return out + _original_fact(self.original)

    def dated(self, words: Words = ENGLISH) -> list[Dated]:
        return [(self.name, self.date)]


class Note(_Strict):
    """The edition's commentary on one of the book's numbered notes."""

    chapter: Annotated[str, BeforeValidator(_as_text), StringConstraints(pattern=CHAPTER_RE.pattern, max_length=20)] = Field(
        description="The chapter, as in the chapter file's front matter (e.g. 3)."
    )
    number: int = Field(ge=1, le=9999, description="The book's note number in that chapter.")
    text: LongText = Field(description="The expansion, in Markdown: our commentary, ending with its sources.")
    date: DateField | None = Field(None, description="The date of the moment the noted passage speaks of (for the timeline).")
    related: list[Ref] = Field(default_factory=list, description="Ids of entries the note concerns.")
    sources: list[Source] = Field(default_factory=list, description="Sources a reader can follow.")


def _original_fact(original: Original | None) -> list[tuple[str, str]]:
    if original is None:
        return []
    text = f"{original.text} — “{original.meaning}”"
    return [("original", f"{original.language}: {text}" if original.language else text)]


#: ``[[id]]`` or ``[[id|label]]`` in annotation Markdown: a checked link to an entry. Bounded, with
#: no '[' inside and no nested optional whitespace, so no input can make it backtrack.
REF_RE = re.compile(r"\[\[([^\[\]|\n]{0,100})(?:\|([^\[\]\n]{0,200}))?\]\]")
_MD_LINK_RE = re.compile(r"\[([^\[\]\n]{0,300})\]\([^()\n]{0,500}\)")


def first_sentence(markdown_text: str, name: Callable[[str], str | None] | None = None) -> str:
    """The first whole sentence of a Markdown text, as plain text.

    ``[[id]]`` becomes the entry's display name (through ``name``), ``[[id|label]]`` its
    label, and Markdown links their words.
    """
    text = " ".join(markdown_text.split())  # YAML line breaks are not sentence ends

    def ref(m: re.Match[str]) -> str:
        ident = m.group(1).strip()
        return (m.group(2) or (name(ident) if name else None) or ident.replace("-", " ")).strip()

    text = REF_RE.sub(ref, text)
    text = _MD_LINK_RE.sub(lambda m: m.group(1), text)
    text = re.sub(r"[*_`]", "", text)
    # A sentence ends at '.', '!' or '?' followed by a space and a capital (of any alphabet), a
    # quote, or a letter of a script without capitals (Arabic, Hebrew), but not after a lone
    # capital or a common abbreviation ("J. Arch Getty", "c. 1891"); at '。', '！', '？' always.
    for m in re.finditer(r"[.!?؟](?=\s+(\S))|[。！？]", text):
        nxt = m.group(1) or ""
        if m.group(0) not in "。！？" and not (nxt.isupper() or nxt in "“‘\"'(«„" or _uncased(nxt)):
            continue
        before = text[: m.start()].rsplit(" ", 1)[-1]
        if m.group(0) in ".!?" and (len(before) <= 1 or before.lower() in _ABBREVIATIONS):
            continue
        return text[: m.end()].strip()
    return text.strip()


_ABBREVIATIONS = frozenset({"c", "st", "mr", "dr", "no", "vol", "ed", "eds", "pp", "p"})


def _uncased(ch: str) -> bool:
    """A letter of a script without capitals (Arabic, Hebrew, CJK): any of them may start a sentence."""
    return ch.isalpha() and not ch.isupper() and not ch.islower()
