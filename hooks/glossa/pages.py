"""The generated pages: one per entry, the people index, the glossary, and "Mentioned in".

Pure functions from the registry (and, for backlinks, the gathered mentions) to
Markdown or HTML text; the MkDocs hooks only decide where the text goes.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable

from .registry import REF_RE, Entry, Registry
from .render import Mention, Renderer, entry_url, life_dates

#: Left in an entry page by :func:`entry_markdown`; replaced once all chapters are rendered.
MENTIONS_SLOT = "<!-- glossa-mentions -->"


def entry_markdown(entry: Entry, renderer: Renderer, base: str, edit_url: str | None = None) -> str:
    """Markdown source of an entry's page (the body is sanitised HTML)."""
    model = entry.model
    kind_label = "Person" if entry.kind == "person" else ("Place" if model.category == "place" else "Glossary term")
    parts: list[str] = []
    names = [f.text for f in model.match if f.text != model.name] + list(model.other_names)
    names = list(dict.fromkeys(n for n in names if n != model.name))
    meta = [f'<p class="glossa-entry-kind">{kind_label}</p>']
    if entry.kind == "person":
        dates = life_dates(entry)
        if dates:
            meta.append(f'<p class="glossa-entry-dates">{html.escape(dates)}'
                        + (f" — {html.escape(model.death)}" if model.death else "") + "</p>")
        if model.dates_note:
            meta.append(f'<p class="glossa-entry-datesnote">{html.escape(model.dates_note)}</p>')
        meta.append(f'<p class="glossa-entry-summary">{html.escape(model.summary)}</p>')
    if names:
        meta.append('<p class="glossa-entry-names"><span>Also written:</span> ' + ", ".join(html.escape(n) for n in names) + "</p>")
    sics = [f.text for f in model.match if f.sic]
    if sics:
        meta.append('<p class="glossa-entry-sic">In the source also as: '
                    + ", ".join(f"“{html.escape(s)}” [sic]" for s in sics) + "</p>")
    if entry.kind == "term" and model.original:
        o = model.original
        meta.append(f'<p class="glossa-entry-original">{html.escape(o.language)}: <i lang="ru-Latn">{html.escape(o.text)}</i>'
                    f" — “{html.escape(o.meaning)}”</p>")
    parts.append('<div class="glossa-entry-meta">\n' + "\n".join(meta) + "\n</div>")
    body = model.profile if entry.kind == "person" else model.definition
    parts.append(f'<div class="glossa-entry-body">\n{renderer.markdown(body, base)}\n</div>')
    if entry.kind == "person" and model.offices:
        items = []
        for office in model.offices:
            span = "–".join(x for x in (office.start or "", office.end or "") if x) if (office.start or office.end) else ""
            if office.start and not office.end:
                span = f"from {office.start}"
            items.append(f"<li>{html.escape(office.office)}" + (f" ({html.escape(span)})" if span else "") + "</li>")
        parts.append('## Offices {#offices}\n\n<ul class="glossa-offices">' + "".join(items) + "</ul>")
    related = [renderer.registry.entries[r] for r in model.related if r in renderer.registry.entries]
    if related:
        links = "".join(
            f'<li><a href="{entry_url(r.kind, r.id, base, renderer.directory_urls)}">{html.escape(r.model.name)}</a></li>'
            for r in related
        )
        parts.append(f'## Related {{#related}}\n\n<ul class="glossa-related">{links}</ul>')
    if model.sources:
        parts.append("## Sources {#sources}\n\n" + renderer.sources(model.sources, base))
    # Markdown headings (not raw HTML) so the page's table of contents lists them.
    parts.append(f"## Mentioned in {{#mentioned-in}}\n\n{MENTIONS_SLOT}")
    if edit_url:
        parts.append(f'<p class="glossa-edit"><a href="{html.escape(edit_url, quote=True)}">Edit this entry</a> '
                     f"(<code>{html.escape(entry.file)}</code>)</p>")
    title = model.name.replace('"', '\\"')
    front = f'---\ntitle: "{title}"\nglossa_entry: "{entry.id}"\n---\n\n'
    return front + f"# {_md_escape(model.name)}\n\n" + "\n\n".join(parts) + "\n"


def _md_escape(text: str) -> str:
    for ch in "\\`*_[]{}<#":
        text = text.replace(ch, "\\" + ch)
    return text


def index_markdown(title: str, intro: str, entries: Iterable[Entry], describe) -> str:
    """An A-Z index page in Markdown, one section per initial letter."""
    lines = [f"# {title}", "", intro, ""]
    groups: dict[str, list[Entry]] = defaultdict(list)
    for e in entries:
        key = (e.model.name.split()[-1] if e.kind == "person" else e.model.name)[:1].upper()
        groups[key if key.isalpha() else "#"].append(e)
    letters = sorted(groups)
    lines.append('<nav class="glossa-az" aria-label="Letters">' + " ".join(f'<a href="#letter-{c.lower()}">{c}</a>' for c in letters) + "</nav>")
    lines.append("")
    for c in letters:
        lines += [f"## {c} {{ #letter-{c.lower()} }}", ""]
        for e in groups[c]:
            lines.append(f"- [{_md_escape(e.model.name)}]({e.id}.md){describe(e)}")
        lines.append("")
    return "\n".join(lines)


def people_index(registry: Registry) -> str:
    """The index of people."""
    def describe(e: Entry) -> str:
        dates = life_dates(e)
        return (f" ({dates})" if dates else "") + f" — {_md_escape(e.model.summary)}"
    return index_markdown("People", "Everyone the text names, by surname. Each page lists every place the person is mentioned.",
                          registry.people(), describe)


def glossary_index(registry: Registry) -> str:
    """The glossary: terms and places A-Z."""
    def describe(e: Entry) -> str:
        label = " *(place)*" if e.model.category == "place" else ""
        first = e.model.definition.strip().split("\n")[0]
        first = first.split(". ")[0].rstrip(".") + "."
        first = REF_RE.sub(lambda m: m.group(2) or m.group(1), first)
        return f"{label} — {first}"
    return index_markdown("Glossary", "Institutions, policies, events, groups, publications and places, A–Z.",
                          registry.terms(), describe)


def mentions_html(mentions: list[Mention], titles: dict[str, str], urls: dict[str, str], base: str) -> str:
    """The "Mentioned in" list: each mention links to its paragraph and shows its context."""
    if not mentions:
        return '<p class="glossa-mentions-none">Not mentioned in the chapters; referenced from other entries.</p>'
    by_page: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_page[m.page].append(m)
    out = [f'<p class="glossa-mentions-count">{len(mentions)} mention{"s" if len(mentions) != 1 else ""} '
           f'in {len(by_page)} chapter{"s" if len(by_page) != 1 else ""}.</p>']
    for page, items in by_page.items():
        out.append(f'<h3 class="glossa-mentions-page">{html.escape(titles.get(page, page))}</h3><ol class="glossa-mentions">')
        for m in items:
            anchor = f"#{m.paragraph}" if m.paragraph else ""
            para = m.paragraph.rsplit("-p", 1)[-1] if m.paragraph else ""
            label = f"¶ {para}" if para.isdigit() else "here"
            before, said, after = m.context()
            out.append(
                f'<li><a href="{base}{urls.get(page, "")}{anchor}">{label}</a> '
                f'<span class="glossa-snippet">{html.escape(before)}<mark>{html.escape(said)}</mark>'
                f"{html.escape(after)}</span></li>"
            )
        out.append("</ol>")
    return "\n".join(out)
