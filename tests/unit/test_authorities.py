"""``glossa authorities``: against a local stub of Wikidata's Action API (responses of our own making).

The stub answers ``wbsearchentities`` and ``wbgetentities`` as the API does, with decoys of
the same name and other dates, a missing entity, an error and a maxlag answer; the right
candidate must win, a wrong id must be flagged, and an unreachable API must say so in one line.
"""

from __future__ import annotations

import argparse
import http.server
import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import Site

from glossa.authorities import BATCH, Client, fetch_items, run_authorities, user_agent
from glossa.project import load_project


def entity(q: str, label: str, *, born: str = "", died: str = "", human: bool = True, date: str = "",
           coords: bool = False, aliases: tuple[str, ...] = (), description: str = "") -> dict:
    def time(year: str) -> list[dict]:
        return [{"mainsnak": {"datavalue": {"value": {"time": f"+{year}-01-01T00:00:00Z", "precision": 9}}}}]

    claims: dict = {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q5" if human else "Q515"}}}}]}
    for prop, year in (("P569", born), ("P570", died), ("P585", date)):
        if year:
            claims[prop] = time(year)
    if coords:
        claims["P625"] = [{"mainsnak": {"datavalue": {"value": {"latitude": 41.7, "longitude": 44.8}}}}]
    return {"id": q, "labels": {"en": {"language": "en", "value": label}},
            "descriptions": {"en": {"language": "en", "value": description or f"about {label}"}},
            "aliases": {"en": [{"language": "en", "value": a} for a in aliases]}, "claims": claims}


ENTITIES = {e["id"]: e for e in (
    entity("Q1001", "Martemyan Ryutin", born="1850", died="1901", description="a decoy of the same name"),
    entity("Q1002", "Martemyan Ryutin", born="1890", died="1937", aliases=("M. N. Ryutin",)),
    entity("Q855", "Joseph Stalin", born="1878", died="1953", aliases=("Stalin",)),
    entity("Q999", "Leningrad Oblast", human=False),
    entity("Q777", "Sergei Kirov", born="1890", died="1934"),
    entity("Q994", "Tbilisi", human=False, coords=True),
    entity("Q2001", "The meeting", human=False, date="1934"),
    entity("Q2002", "The meeting", human=False, date="1920"),
    entity("Q3001", "Ivan Smirnov", born="1881", died="1936"),
    entity("Q3002", "Ivan Smirnov", born="1881", died="1956"),
    entity("Q4001", "Николай Бухарин", born="1888", died="1938", aliases=("Nikolai Bukharin",)),
)}
SEARCH = {"Martemyan Ryutin": ["Q1001", "Q1002"], "Tbilisi": ["Q994"], "The meeting": ["Q2002", "Q2001"],
          "Ivan Smirnov": ["Q3001", "Q3002"], "Nikolai Bukharin": ["Q4001"]}


class Stub(http.server.BaseHTTPRequestHandler):
    """Answers like the Action API; the first wbgetentities of a server gets a maxlag error."""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        q = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query))
        server = self.server
        server.seen.append((q, self.headers.get("User-Agent", "")))  # type: ignore[attr-defined]
        headers = {"Content-Type": "application/json; charset=utf-8"}
        if q.get("action") == "wbgetentities" and not server.lagged:  # type: ignore[attr-defined]
            server.lagged = True  # type: ignore[attr-defined]
            body: dict = {"error": {"code": "maxlag", "info": "Waiting for a database server: 7 seconds lagged."}}
            headers["Retry-After"] = "0"
        elif q.get("action") == "wbsearchentities" and q.get("search") == "Broken Entry":
            body = {"error": {"code": "internal_api_error_DBQueryError", "info": "A database query error has occurred."}}
        elif q.get("action") == "wbsearchentities":
            body = {"search": [{"id": i, "label": ENTITIES[i]["labels"]["en"]["value"]} for i in SEARCH.get(q["search"], [])]}
        elif q.get("action") == "wbgetentities":
            body = {"entities": {i: ENTITIES.get(i, {"id": i, "missing": ""}) for i in q["ids"].split("|")}}
        else:
            body = {"error": {"code": "badvalue", "info": "Unrecognized value for parameter action."}}
        data = json.dumps(body).encode()
        self.send_response(200)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def api() -> Iterator[tuple[str, http.server.ThreadingHTTPServer]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    server.seen, server.lagged = [], False  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/w/api.php", server
    finally:
        server.shutdown()
        server.server_close()


def person(ident: str, name: str, born: str, died: str, extra: str = "") -> tuple[str, str]:
    return (f"annotations/people/{ident}.yml",
            f"name: {name}  # keep this comment\nmatch: [{name.split()[-1]}]\nborn: \"{born}\"\ndied: \"{died}\"\n"
            f"summary: S.\nprofile: P.\n{extra}")


FILES = dict([
    person("ryutin", "Martemyan Ryutin", "1890-02-13", "1937-01-10"),
    ("annotations/people/smirnov.yml", "name: Ivan Smirnov\nmatch: [Smirnov]\nborn: \"c. 1881\"\nsummary: S.\nprofile: P.\n"),
    person("stalin", "Joseph Stalin", "1878-12-18", "1953-03-05", "wikidata: Q855\n"),
    person("yagoda", "Genrikh Yagoda", "1891", "1938", "wikidata: Q999\n"),
    person("kirov", "Sergei Kirov", "1886", "1934", "wikidata: Q777\n"),
    person("ghost", "Nobody Known", "1900", "1950", "wikidata: Q404\n"),
    person("bukharin", "Nikolai Bukharin", "1888", "1938", "other_names: [Николай Бухарин]\nwikidata: Q4001\n"),
    ("annotations/places/tbilisi.yml", "name: Tbilisi\nmatch: [Tbilisi]\ndefinition: A city.\n"),
    ("annotations/events/meeting.yml", "name: The meeting\ndate: \"1934-12-01\"\nmatch: [{text: the meeting, common: true}]\n"
                                       "summary: They met.\ndescription: A meeting.\n"),
])


@pytest.fixture
def edition(tmp_path: Path) -> Path:
    site = Site(tmp_path / "ed")
    site.write("docs/index.md", "# Home\n")
    for rel, text in FILES.items():
        site.write(rel, text)
    return site.root


def run(edition: Path, endpoint: str, **flags: bool) -> int:
    args = argparse.Namespace(apply=flags.get("apply", False), verify=flags.get("verify", False), endpoint=endpoint,
                              no_cache=flags.get("no_cache", False))
    return run_authorities(load_project(edition / "mkdocs.yml"), args)


def test_propose_prefers_the_candidate_whose_dates_agree_and_applies_only_sure_matches(edition: Path, api, capsys) -> None:
    url, server = api
    assert run(edition, url) == 0
    assert "wikidata" not in (edition / "annotations/people/ryutin.yml").read_text(encoding="utf-8")  # review first
    review = yaml.safe_load((edition / "authorities.review.yml").read_text(encoding="utf-8"))
    by_entry = {r["entry"]: r for r in review}
    assert set(by_entry) == {"ryutin", "smirnov", "tbilisi", "meeting"}  # entries that have an id are left alone
    ryutin = by_entry["ryutin"]
    assert ryutin["status"] == "match" and ryutin["proposal"] == "Q1002"
    decoy = next(c for c in ryutin["candidates"] if c["id"] == "Q1001")
    assert decoy["born"] == [1850] and "1850 on Wikidata, 1890 here" in decoy["why"]
    assert by_entry["meeting"]["proposal"] == "Q2001"
    assert by_entry["tbilisi"]["proposal"] == "Q994"
    assert by_entry["smirnov"]["status"] == "review" and by_entry["smirnov"]["proposal"] is None  # two agree: ambiguous
    # One search per entry, one wbgetentities (after one maxlag answer); every request says who asks.
    actions = [q["action"] for q, _ in server.seen]
    assert actions.count("wbsearchentities") == 4 and actions.count("wbgetentities") == 2
    assert all(q["maxlag"] == "5" and q["format"] == "json" for q, _ in server.seen)
    assert all(ua.startswith("Glossa/") and "Test edition" in ua for _, ua in server.seen)
    # --apply: the same requests, answered by the cache; only the sure matches are written.
    server.seen.clear()
    assert run(edition, url, apply=True) == 0 and server.seen == []
    text = (edition / "annotations/people/ryutin.yml").read_text(encoding="utf-8")
    assert text == FILES["annotations/people/ryutin.yml"] + "wikidata: Q1002\n"  # comment and order kept
    assert "wikidata" not in (edition / "annotations/people/smirnov.yml").read_text(encoding="utf-8")


def test_verify_flags_wrong_ids_at_their_line_with_a_fix(edition: Path, api, capsys) -> None:
    url, _ = api
    assert run(edition, url, verify=True) == 1
    out = capsys.readouterr().out
    assert "annotations/people/yagoda.yml:7:11: Q999 is 'Leningrad Oblast', which is none of this entry's names. Fix:" in out
    assert "annotations/people/kirov.yml:7:11: Q777's dates disagree with this entry: born 1890 on Wikidata, 1886 here." in out
    assert "annotations/people/ghost.yml:7:11: Wikidata has no item Q404." in out
    assert "stalin.yml" not in out and "bukharin.yml" not in out  # right ids, also by another script's name
    assert "5 id(s) checked, 3 problem(s)." in out


def test_api_errors_and_an_unreachable_network_are_one_line_and_exit_2(edition: Path, api, capsys) -> None:
    url, _ = api
    (edition / "annotations/places/broken.yml").write_text("name: Broken Entry\nmatch: [Broken]\ndefinition: x\n",
                                                           encoding="utf-8")
    assert run(edition, url, no_cache=True) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal_api_error_DBQueryError" in err and "Traceback" not in err
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/w/api.php"
    assert run(edition, closed, verify=True, no_cache=True) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: cannot reach {closed}") and err.count("\n") == 1
    assert "network is reachable" in err


def test_ids_are_fetched_fifty_a_request(api, tmp_path: Path) -> None:
    url, server = api
    client = Client(url, "Glossa-test", tmp_path / "cache", sleep=lambda s: None)
    ids = [f"Q{n}" for n in range(1, 62)] + ["Q1002"]
    items = fetch_items(client, ids, ["en"])
    batches = [q["ids"].split("|") for q, _ in server.seen if q["action"] == "wbgetentities" and "ids" in q]
    assert [len(b) for b in batches] == [BATCH, BATCH, 12]  # the first is answered with maxlag and asked again
    assert client.requests == 3 and items["Q1002"].born == {1890} and items["Q7"].missing


def test_the_user_agent_names_an_edition_in_any_script_in_latin_1() -> None:
    config = argparse.Namespace(site_name="Сталин: «издание» — 注释", repo_url="https://github.com/o/r")
    ua = user_agent(argparse.Namespace(config=config))
    ua.encode("latin-1")  # what http.client sends
    assert "%D0%A1" in ua and "https://github.com/o/r" in ua and ua.startswith("Glossa/")
