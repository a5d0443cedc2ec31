"""The "Suggest an annotation" issue form: its fields described once, for the form and its reader.

GitHub's issue forms (``.github/ISSUE_TEMPLATE/*.yml``) need no git, no OAuth service and
no account beyond GitHub's own, and take prefilled values in the URL
(``issues/new?template=annotation.yml&kind=correction&entry=...``). The same table writes
the form (:func:`issue_form`, which ``glossa init`` copies into every edition) and tells
:mod:`glossa.suggestion` which heading of a submitted issue holds which field.

The labels and help texts are English for now; they sit in one table of strings so that a
catalogue per language can replace it, and the reader maps headings back to field ids from
the edition's own copy of the form, so a translated form keeps working.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import yaml

#: Where an edition keeps the form, and the name its links use (``template=annotation.yml``).
FORM_PATH = ".github/ISSUE_TEMPLATE/annotation.yml"
TEMPLATE = "annotation.yml"
#: An owner/name path on GitHub (nothing else is linked to).
_REPO_RE = re.compile(r"^[A-Za-z0-9-]+/[A-Za-z0-9_.-]+$")
#: What a suggestion can be: a new entry of a kind, a note expansion, or a correction.
KIND_CHOICES = ("person", "term", "place", "event", "note", "correction")


@dataclasses.dataclass(frozen=True)
class Field:
    """One field of the form: its id (the key in prefilled URLs and in the parser) and its type."""

    id: str
    type: str  #: dropdown, input, textarea or checkboxes
    required: bool = False


FIELDS = (
    Field("kind", "dropdown", required=True),
    Field("entry", "input"),
    Field("name", "input"),
    Field("forms", "textarea"),
    Field("summary", "input"),
    Field("date", "input"),
    Field("text", "textarea"),
    Field("sources", "textarea"),
    Field("passage", "input"),
    Field("licence", "checkboxes", required=True),
)

#: The form's words in English. A catalogue for another language gives the same keys.
STRINGS_EN: dict[str, str] = {
    "title": "Suggest an annotation",
    "description": "Suggest a new note, person, term, place or event, or a correction to an entry. No git needed.",
    "issue_title": "Suggestion: ",
    "intro": ("Thank you! Fill in what you know; leave the rest empty. Write in your own words and name sources "
              "a reader can follow. An editor reviews every suggestion: once they label it `annotation`, "
              "a pull request is made from it and the check's result is posted here."),
    "kind.label": "Kind",
    "kind.description": "What you suggest: a new entry of a kind, a note's commentary, or a correction.",
    "entry.label": "Entry",
    "entry.description": ("For a correction: the entry's id, as in its address (e.g. `trotski`). "
                          "For a note: its chapter and number (e.g. `28-26`). Otherwise leave it empty."),
    "name.label": "Name",
    "name.description": "The name or term as the entry should be titled (new entries).",
    "forms.label": "Forms in the text",
    "forms.description": "How the text writes it, one form per line, exactly as printed (e.g. `Trotski`).",
    "summary.label": "Summary",
    "summary.description": "One line shown in previews (people and events).",
    "date.label": "Date",
    "date.description": "For an event: when it happened (1936-08-19, 1936-08, 1936, or 1936-08-19/1936-08-24).",
    "text.label": "Text",
    "text.description": ("The profile, definition, description or note commentary, in your own words "
                         "(Markdown). For a correction: the corrected text in full."),
    "sources.label": "Sources",
    "sources.description": "One source per line: author, title, publisher, year and pages, or a web address.",
    "passage.label": "Passage",
    "passage.description": "The link to the paragraph this concerns (the paragraph's ¶ or Cite link).",
    "licence.label": "Licence",
    "licence.description": "Annotations are published under CC BY-SA 4.0.",
    "link.correction": "Suggest a correction",
    "link.annotation": "Suggest an annotation",
    "licence.option": "I wrote this myself and agree to publish it under the annotations' licence (CC BY-SA 4.0).",
}


def _field_yaml(field: Field, strings: dict[str, str]) -> dict[str, Any]:
    attrs: dict[str, Any] = {"label": strings[f"{field.id}.label"], "description": strings[f"{field.id}.description"]}
    if field.type == "dropdown":
        attrs["options"] = list(KIND_CHOICES)
    if field.type == "checkboxes":
        attrs["options"] = [{"label": strings[f"{field.id}.option"], "required": True}]
    item: dict[str, Any] = {"type": field.type, "id": field.id, "attributes": attrs}
    if field.required and field.type != "checkboxes":
        item["validations"] = {"required": True}
    return item


def issue_form(strings: dict[str, str] = STRINGS_EN) -> str:
    """The issue form's YAML text (what ``glossa init`` writes to :data:`FORM_PATH`).

    It adds no label of its own: the workflow runs only when a maintainer labels the issue.
    """
    form = {
        "name": strings["title"],
        "description": strings["description"],
        "title": strings["issue_title"],
        "body": [{"type": "markdown", "attributes": {"value": strings["intro"]}},
                 *(_field_yaml(f, strings) for f in FIELDS)],
    }
    head = ("# Written by `glossa init` from glossa/issueform.py; `glossa suggestion --from-issue` reads what it makes.\n"
            "# Keep the field ids: the links on the site and the suggestion workflow use them.\n")
    return head + yaml.safe_dump(form, sort_keys=False, allow_unicode=True, width=100)


def labels(form_text: str | None = None) -> dict[str, str]:
    """Heading label -> field id, from an edition's own form (translated or not), else from English."""
    out = {STRINGS_EN[f"{f.id}.label"]: f.id for f in FIELDS}
    if form_text:
        try:
            form = yaml.safe_load(form_text)
        except yaml.YAMLError:
            return out
        for item in (form or {}).get("body", []) if isinstance(form, dict) else []:
            label = (item.get("attributes") or {}).get("label") if isinstance(item, dict) else None
            if isinstance(label, str) and item.get("id") in {f.id for f in FIELDS}:
                out[label.strip()] = item["id"]
    return out


def edition_labels(root: Path) -> dict[str, str]:
    """:func:`labels` from the form in the edition at ``root`` (if it has one)."""
    path = root / FORM_PATH
    return labels(path.read_text(encoding="utf-8") if path.is_file() else None)


def new_issue_url(repo_url: str | None, **values: str) -> str:
    """The prefilled "new issue" address for the form, or "" when the edition is not on GitHub.

    Every value is percent-encoded (GitHub's documented query parameters for issue forms);
    the caller escapes the result again for the attribute it lands in.
    """
    if not repo_url:
        return ""
    parts = urlsplit(repo_url.strip())
    path = parts.path.strip("/").removesuffix(".git")
    if parts.scheme != "https" or parts.netloc.lower() not in ("github.com", "www.github.com") or not _REPO_RE.match(path):
        return ""
    query = urlencode({"template": TEMPLATE, **{k: v for k, v in values.items() if v}}, quote_via=quote)
    return f"https://github.com/{path}/issues/new?{query}"
