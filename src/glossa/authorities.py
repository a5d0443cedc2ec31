"""``glossa authorities``: Wikidata ids an editor can trust, proposed and verified, never guessed.

Reconciliation in the manner of OpenRefine and TEI Publisher, against Wikidata's Action
API. For every person, term, place and event without an id, :func:`propose` searches
(``wbsearchentities``), fetches the candidates (``wbgetentities``, 50 ids a request) and
scores each on what the entry says: its name and other names against the item's label and
aliases, birth and death years for people, a date for events, and instance-of (a person
is a human; a place or a term is not). The review file lists every candidate with its
score and the reasons; ``--apply`` writes only matches that are unambiguous and whose
dates agree. :func:`verify` fetches every id the edition has and reports each whose label
or dates disagree with its entry, at the ``wikidata:`` line.

The client is the standard library's urllib (one GET at a time; nothing else is needed).
It names the edition in its User-Agent as Wikimedia's policy asks, sends ``maxlag`` and
waits when the servers are lagged, and keeps every response in a cache keyed by the
request, so a second run asks nothing. Core functions return results and problems; the
command prints them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .problems import Problem
from .registry import Entry

ENDPOINT = "https://www.wikidata.org/w/api.php"
#: wbgetentities takes at most 50 ids a request.
BATCH = 50
#: Seconds the API may lag before it asks us to wait (Wikimedia's recommended value).
MAXLAG = 5
RETRIES = 3
HUMAN = "Q5"
#: Matches need at least this score and this lead over the next candidate to be applied.
SURE, LEAD = 6, 3


class AuthorityError(Exception):
    """The API answered with an error, or could not be reached (``unreachable``)."""

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


@dataclasses.dataclass
class Client:
    """A small Action API client: User-Agent, maxlag, retries after lag, a cache keyed by request."""

    endpoint: str = ENDPOINT
    user_agent: str = "Glossa"
    cache: Path | None = None
    timeout: float = 20.0
    sleep: Callable[[float], None] = time.sleep
    requests: int = 0  #: requests actually sent (the cache answers the rest)

    def get(self, **params: str) -> dict[str, Any]:
        """One API request (``format=json``, ``maxlag``), answered from the cache when it was asked before."""
        query = {**params, "format": "json", "maxlag": str(MAXLAG)}
        key = hashlib.sha256(json.dumps([self.endpoint, sorted(query.items())]).encode()).hexdigest()
        hit = self.cache / f"{key}.json" if self.cache else None
        if hit is not None and hit.is_file():
            return json.loads(hit.read_text(encoding="utf-8"))
        url = f"{self.endpoint}?{urllib.parse.urlencode(sorted(query.items()))}"
        for attempt in range(RETRIES + 1):
            data, wait = self._fetch(url)
            error = data.get("error") if isinstance(data, dict) else None
            if not error:
                break
            if error.get("code") != "maxlag" or attempt == RETRIES:
                raise AuthorityError(f"{self.endpoint} answered {error.get('code', 'an error')}: {error.get('info', '')}".strip())
            self.sleep(wait)
        if hit is not None:
            hit.parent.mkdir(parents=True, exist_ok=True)
            hit.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return data

    def _fetch(self, url: str) -> tuple[dict[str, Any], float]:
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "application/json"})
        self.requests += 1
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                wait = float(response.headers.get("Retry-After") or 5)
                return json.loads(response.read().decode("utf-8")), min(wait, 60.0)
        except urllib.error.HTTPError as exc:
            raise AuthorityError(f"{self.endpoint} answered HTTP {exc.code} {exc.reason}.") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise AuthorityError(f"cannot reach {self.endpoint} ({reason}).", unreachable=True) from None
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise AuthorityError(f"{self.endpoint} did not answer with JSON; is it an Action API endpoint?") from None


@dataclasses.dataclass
class Item:
    """What an item says that an entry can be compared with."""

    id: str
    label: str
    description: str
    aliases: list[str]
    born: set[int]
    died: set[int]
    dates: set[int]  #: point in time, start time, inception
    instance_of: set[str]
    coordinates: bool
    missing: bool = False


def _years(claims: dict[str, Any], prop: str) -> set[int]:
    out = set()
    for claim in claims.get(prop, []):
        value = ((claim.get("mainsnak") or {}).get("datavalue") or {}).get("value")
        if isinstance(value, dict) and isinstance(value.get("time"), str):
            m = re.match(r"^([+-])0*(\d{1,4})-", value["time"])
            if m and m.group(1) == "+":
                out.add(int(m.group(2)))
    return out


def _ids(claims: dict[str, Any], prop: str) -> set[str]:
    values = (((c.get("mainsnak") or {}).get("datavalue") or {}).get("value") for c in claims.get(prop, []))
    return {v["id"] for v in values if isinstance(v, dict) and isinstance(v.get("id"), str)}


def _text(table: dict[str, Any], languages: list[str]) -> str:
    for lang in languages:
        if isinstance(table.get(lang), dict):
            return str(table[lang].get("value", ""))
    return next((str(v.get("value", "")) for v in table.values() if isinstance(v, dict)), "")


def item_from(entity: dict[str, Any], languages: list[str]) -> Item:
    """An :class:`Item` from a ``wbgetentities`` entity (``missing`` when Wikidata has no such item)."""
    ident = str(entity.get("id") or entity.get("title") or "")
    if "missing" in entity:
        return Item(ident, "", "", [], set(), set(), set(), set(), False, missing=True)
    claims = entity.get("claims") or {}
    aliases = [str(a.get("value", "")) for values in (entity.get("aliases") or {}).values() for a in values]
    labels = [str(v.get("value", "")) for v in (entity.get("labels") or {}).values()]
    return Item(ident, _text(entity.get("labels") or {}, languages), _text(entity.get("descriptions") or {}, languages),
                list(dict.fromkeys(labels + aliases)), _years(claims, "P569"), _years(claims, "P570"),
                _years(claims, "P585") | _years(claims, "P580") | _years(claims, "P571"), _ids(claims, "P31"),
                bool(claims.get("P625")))


def fetch_items(client: Client, ids: Iterable[str], languages: list[str]) -> dict[str, Item]:
    """Every id's item, in batches of :data:`BATCH`."""
    ids = list(dict.fromkeys(ids))
    out: dict[str, Item] = {}
    for i in range(0, len(ids), BATCH):
        data = client.get(action="wbgetentities", ids="|".join(ids[i:i + BATCH]), props="labels|aliases|descriptions|claims",
                          languages="|".join(languages))
        for key, entity in (data.get("entities") or {}).items():
            item = item_from(entity if isinstance(entity, dict) else {}, languages)
            out[key] = dataclasses.replace(item, id=item.id or key)
    return out


def search(client: Client, name: str, language: str) -> list[str]:
    """The ids ``wbsearchentities`` finds for a name."""
    data = client.get(action="wbsearchentities", search=name, language=language, uselang=language, type="item", limit="7")
    return [str(hit["id"]) for hit in data.get("search") or [] if isinstance(hit, dict) and hit.get("id")]


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def entry_names(entry: Entry) -> set[str]:
    """The entry's name, other names and forms, normalised for comparison."""
    model = entry.model
    forms = [getattr(f, "text", f) for f in model.match]
    return {_norm(str(n)) for n in (model.name, *model.other_names, *forms) if str(n).strip()}


def _spec_years(spec: Any) -> set[int]:
    if spec is None:
        return set()
    return {int(y) for text in (spec.date, *spec.alternatives) for y in re.findall(r"(?<!\d)(\d{3,4})(?!\d)", text)[:2]}


def entry_years(entry: Entry) -> dict[str, set[int]]:
    """The years the entry gives: ``born`` and ``died`` for people, ``dates`` for dated terms and events."""
    model = entry.model
    return {"born": _spec_years(getattr(model, "born", None)), "died": _spec_years(getattr(model, "died", None)),
            "dates": _spec_years(getattr(model, "date", None))}


@dataclasses.dataclass
class Scored:
    """A candidate with its score, the reasons, and whether any date agreed or disagreed."""

    item: Item
    score: int
    why: list[str]
    agree: bool
    disagree: bool


def _date_points(entry: Entry, item: Item) -> tuple[int, list[str], bool, bool]:
    score, why, agree, disagree = 0, [], False, False
    years = entry_years(entry)
    for field, theirs in (("born", item.born), ("died", item.died), ("dates", item.dates)):
        ours = years[field]
        if not ours or not theirs:
            continue
        word = "date" if field == "dates" else field
        if ours & theirs:
            score, agree = score + 3, True
            why.append(f"{word} {min(ours & theirs)} agrees")
        else:
            score, disagree = score - 6, True
            why.append(f"{word} {'/'.join(map(str, sorted(theirs)))} on Wikidata, {'/'.join(map(str, sorted(ours)))} here")
    return score, why, agree, disagree


def score(entry: Entry, item: Item) -> Scored:
    """How well an item fits an entry, and why (names, dates, instance-of, coordinates)."""
    names = entry_names(entry)
    label = _norm(item.label)
    if label == _norm(entry.model.name):
        points, why = 4, ["label is the name"]
    elif label in names:
        points, why = 3, ["label is one of its names"]
    elif any(_norm(a) in names for a in item.aliases):
        points, why = 2, ["an alias is one of its names"]
    else:
        points, why = 0, ["no name in common"]
    human = HUMAN in item.instance_of
    if entry.kind.inverted_names:
        points, why = (points + 2, [*why, "a human"]) if human else (points - 4, [*why, "not a human"])
    elif human:
        points, why = points - 4, [*why, f"a human, not a {entry.kind.name}"]
    else:
        points, why = points + 1, [*why, f"not a human, as a {entry.kind.name} should be"]
    if entry.kind.name == "place" and item.coordinates:
        points, why = points + 1, [*why, "has coordinates"]
    dpoints, dwhy, agree, disagree = _date_points(entry, item)
    return Scored(item, points + dpoints, why + dwhy, agree, disagree)


def decide(entry: Entry, ranked: list[Scored]) -> Scored | None:
    """The candidate to apply, only if unambiguous: sure enough, well ahead, and no date disagrees.

    People and events also need a date that agrees: a name alone is how decoys get in.
    """
    if not ranked:
        return None
    best = ranked[0]
    second = ranked[1].score if len(ranked) > 1 else None
    dated = entry.kind.inverted_names or entry.kind.name == "event"
    if best.score < SURE or best.disagree or (second is not None and best.score - second < LEAD):
        return None
    return best if best.agree or not dated else None


def _candidate(s: Scored) -> dict[str, Any]:
    item = s.item
    out: dict[str, Any] = {"id": item.id, "label": item.label, "description": item.description}
    for key, years in (("born", item.born), ("died", item.died), ("dates", item.dates)):
        if years:
            out[key] = sorted(years)
    return {**out, "score": s.score, "why": "; ".join(s.why)}


def propose(entries: list[Entry], client: Client, language: str) -> tuple[list[dict[str, Any]], list[tuple[Entry, str]]]:
    """Review records for entries without an id, and the unambiguous matches among them."""
    languages = list(dict.fromkeys([language, "en"]))
    found = {e.id: search(client, e.model.name, language) for e in entries}
    items = fetch_items(client, (q for ids in found.values() for q in ids), languages)
    records, sure = [], []
    for entry in entries:
        ranked = sorted((score(entry, items[q]) for q in found[entry.id] if q in items and not items[q].missing),
                        key=lambda s: (-s.score, s.item.id))
        pick = decide(entry, ranked)
        status = "match" if pick else ("review" if ranked else "none")
        records.append({"entry": entry.id, "file": entry.file, "name": entry.model.name, "status": status,
                        "proposal": pick.item.id if pick else None, "candidates": [_candidate(s) for s in ranked]})
        if pick:
            sure.append((entry, pick.item.id))
    return records, sure


def verify(entries: list[Entry], client: Client, language: str) -> list[Problem]:
    """A problem for every id whose item is missing, or whose label or dates disagree with the entry."""
    languages = list(dict.fromkeys([language, "en"]))
    with_ids = [e for e in entries if e.model.wikidata]
    items = fetch_items(client, (str(e.model.wikidata) for e in with_ids), languages)
    problems = []
    for entry in with_ids:
        qid = str(entry.model.wikidata)
        line, col = entry.pos("wikidata")
        look = f"Open https://www.wikidata.org/wiki/{qid}"
        item = items.get(qid)
        if item is None or item.missing:
            problems.append(Problem(entry.file, line, col, f"Wikidata has no item {qid}.",
                                    "Remove the id, or run 'glossa authorities' for a proposal.", code="authority"))
            continue
        if not {_norm(n) for n in (item.label, *item.aliases)} & entry_names(entry):
            problems.append(Problem(entry.file, line, col, f"{qid} is '{item.label}', which is none of this entry's names.",
                                    f"{look}: if it is the same {entry.kind.name}, add the name to 'other_names'; "
                                    "if not, correct or remove the id.", code="authority"))
        _, why, _, disagree = _date_points(entry, item)
        if disagree:
            problems.append(Problem(entry.file, line, col, f"{qid}'s dates disagree with this entry: "
                                    + "; ".join(w for w in why if "here" in w) + ".",
                                    f"{look} and check the dates against your sources; correct the entry or the id.",
                                    code="authority"))
    return problems


def apply_ids(matches: list[tuple[Entry, str]], root: Path) -> list[Path]:
    """Write ``wikidata: Q…`` into each matched entry's file, keeping everything else as it is."""
    from .yamlsafe import load_text, replace_value

    written = []
    for entry, qid in matches:
        path = root / entry.file
        text = replace_value(path.read_text(encoding="utf-8"), "wikidata", f"{qid}\n")
        loaded, _ = load_text(text, entry.file)
        if loaded is not None and loaded.data.get("wikidata") == qid:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


REVIEW_FILE = "authorities.review.yml"


def user_agent(project: Any) -> str:
    """A User-Agent naming the edition and where to reach its editors (Wikimedia's policy)."""
    from . import __version__

    site = re.sub(r"[\x00-\x1f();]+", " ", str(project.config.site_name or "an edition")).strip()
    repo = str(project.config.repo_url or "no repository given")
    # HTTP headers are Latin-1: a title in any script goes percent-encoded, never dropped.
    safe = " !#$&'*+,-./:=?@[]^_`{|}~"
    return f"Glossa/{__version__} ({quote(site, safe=safe)}; {quote(repo, safe=safe)}) authority reconciliation"


def _language(project: Any) -> str:
    theme = project.config.theme
    language = theme.get("language") if hasattr(theme, "get") else None
    return str(language or "en").split("-")[0].split("_")[0]


def _review_text(records: list[dict[str, Any]]) -> str:
    import yaml

    head = ("# Proposed Wikidata ids (glossa authorities). Review each candidate: open its page, compare it with\n"
            "# your sources, then run 'glossa authorities --apply' (matches only) or add 'wikidata:' by hand.\n")
    return head + yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=110)


def run_authorities(project: Any, args: Any) -> int:
    """``glossa authorities [--apply | --verify]``: 0 done, 1 ids that disagree (--verify), 2 no answer from the API."""
    import sys

    from .kinds import NAMED
    from .registry import load_registry

    registry, _ = load_registry(project.annotations, project.root)
    entries = [e for e in registry.entries.values() if e.kind in NAMED]
    client = Client(args.endpoint or ENDPOINT, user_agent(project),
                    None if args.no_cache else project.root / ".cache" / "glossa" / "wikidata")
    language = _language(project)
    try:
        if args.verify:
            problems = verify(entries, client, language)
            for p in sorted(problems):
                print(p.format())
            print(f"{len([e for e in entries if e.model.wikidata])} id(s) checked, {len(problems)} problem(s).")
            return 1 if problems else 0
        records, sure = propose([e for e in entries if not e.model.wikidata], client, language)
    except AuthorityError as exc:
        hint = " Run it where the network is reachable, or pass --endpoint URL." if exc.unreachable else ""
        print(f"error: {exc}{hint}", file=sys.stderr)
        return 2
    (project.root / REVIEW_FILE).write_text(_review_text(records), encoding="utf-8")
    for record in records:
        best = record["candidates"][0] if record["candidates"] else None
        shown = f"{best['id']} '{best['label']}' (score {best['score']}: {best['why']})" if best else "no candidate"
        print(f"{record['file']}: {record['status']}: {shown}")
    written = apply_ids(sure, project.root) if args.apply else []
    print(f"{len(records)} entr(ies) without an id: {len(sure)} unambiguous match(es)"
          + (f", {len(written)} written" if args.apply else "; --apply writes them") + f". Review: {REVIEW_FILE}")
    return 0
