"""JSON Schema files for editors, derived from the annotation model, one per kind."""

from __future__ import annotations

import json
from pathlib import Path

from glossa.kinds import KINDS
from glossa.schema import EDITION_SCHEMA_DIR, SCHEMA_DIR, schemas, write_schemas


def _schema(name: str) -> dict:
    return json.loads(schemas()[f"{name}.schema.json"])


def test_one_schema_file_per_kind() -> None:
    assert list(schemas()) == [f"{kind}.schema.json" for kind in KINDS]
    assert list(schemas()) == ["person.schema.json", "term.schema.json", "place.schema.json", "event.schema.json",
                               "note.schema.json"]


def test_each_schema_names_its_draft_and_id() -> None:
    for kind in KINDS:
        schema = _schema(kind)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"glossa-{kind}.schema.json"


def test_required_fields_and_no_unknown_fields() -> None:
    person = _schema("person")
    assert person["title"] == "Person"
    assert sorted(person["required"]) == ["name", "profile", "summary"]
    assert person["additionalProperties"] is False
    assert sorted(_schema("event")["required"]) == ["date", "description", "name", "summary"]
    assert sorted(_schema("note")["required"]) == ["chapter", "number", "text"]
    assert sorted(_schema("term")["required"]) == ["definition", "name"]


def test_field_descriptions_become_editor_help() -> None:
    person = _schema("person")
    assert person["properties"]["summary"]["description"].startswith("One line shown in previews")
    assert person["$defs"]["Source"]["properties"]["year"]["description"] == "Year of publication, e.g. 2004."


def test_a_date_field_accepts_an_unquoted_year() -> None:
    # ``born: 1895`` is an integer to a YAML editor; the schema must not underline it.
    born = _schema("person")["properties"]["born"]["anyOf"]
    assert {"type": "integer"} in born and {"type": "string"} in born and {"$ref": "#/$defs/DateSpec"} in born


def test_the_text_is_stable_json_with_sorted_keys_and_a_final_newline() -> None:
    text = schemas()["place.schema.json"]
    assert text.endswith("}\n")
    data = json.loads(text)
    assert text == json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    assert schemas() == schemas()


def test_write_schemas_writes_every_file_into_a_new_folder(tmp_path: Path) -> None:
    folder = tmp_path / "edition" / EDITION_SCHEMA_DIR
    written = write_schemas(folder)
    assert [p.name for p in written] == list(schemas())
    assert all(p.parent == folder for p in written)
    for path in written:
        assert path.read_text(encoding="utf-8") == schemas()[path.name]


def test_write_schemas_replaces_a_stale_copy(tmp_path: Path) -> None:
    (tmp_path / "person.schema.json").write_text("{}", encoding="utf-8")
    write_schemas(tmp_path)
    assert (tmp_path / "person.schema.json").read_text(encoding="utf-8") == schemas()["person.schema.json"]


def test_the_folders_are_where_editions_and_the_engine_keep_them() -> None:
    assert EDITION_SCHEMA_DIR == "hooks/schemas"
    assert SCHEMA_DIR.name == "schemas" and SCHEMA_DIR.parent.name == "glossa"
