"""What ``glossa init`` writes: templates that every edition shares with this one, values escaped for where they land."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
import yaml

from glossa.importing import add_to_nav
from glossa.init import EDITION, TEMPLATES, md_escape, write_edition

ROOT = Path(__file__).resolve().parents[2]


def _workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data.get("jobs"), path
    return data


def _steps(wf: dict) -> list[dict]:
    return [s for job in wf["jobs"].values() for s in job.get("steps", [])]


def test_this_repository_uses_the_same_launcher_workflows_and_pins_as_every_edition() -> None:
    assert (ROOT / "glossa").read_bytes() == (EDITION / "glossa").read_bytes()
    for name in ("pr.yml", "deploy.yml", "suggestion.yml"):
        assert (ROOT / ".github" / "workflows" / name).read_bytes() == (EDITION / "github" / "workflows" / name).read_bytes()
    template = (EDITION / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8").startswith(template)
    pins = (TEMPLATES / "pins.txt").read_text(encoding="utf-8").split()
    ours = [line for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith(("#", "-e"))]
    assert ours == pins


def test_deploy_uses_official_pages_actions_with_permissions() -> None:
    wf = _workflow(EDITION / "github" / "workflows" / "deploy.yml")
    uses = [s.get("uses", "").split("@")[0] for s in _steps(wf)]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    assert wf["permissions"] == {}  # each job asks for what it needs, no more
    assert wf["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert wf["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for step in _steps(wf):  # pinned to a commit, the release named beside it
        assert "uses" not in step or re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step
    runs = " ".join(s.get("run", "") for s in _steps(wf))
    assert "python3 glossa check --github" in runs and "python3 glossa build --strict" in runs
    env = next(s["env"] for s in _steps(wf) if "env" in s)
    assert "steps.pages.outputs.base_url" in env["SITE_URL"]


def test_the_pr_workflow_runs_the_readme_commands() -> None:
    runs = [s.get("run", "") for s in _steps(_workflow(EDITION / "github" / "workflows" / "pr.yml"))]
    assert "python3 glossa test" in runs and any("glossa check" in r for r in runs)
    assert "python3 glossa test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 glossa serve" in readme and "python3 glossa test" in readme


def test_values_are_escaped_for_yaml_and_markdown(tmp_path: Path) -> None:
    args = argparse.Namespace(title='A "Book" <script>alert(1)</script>\nsite_url: evil', author="[x](javascript:1)",
                              book_title="", publisher="P & Q", year="1999", editors="Ann, Bob", source_credit="",
                              repo_url="", engine="glossa[test]==0.2.0", footer=r"^Page \d+$", first_chapter="3",
                              first_note=None)
    write_edition(tmp_path / "ed", args)
    config = yaml.load((tmp_path / "ed" / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert config["site_name"] == args.title  # the newline stayed inside the value
    assert "evil" not in str(config["site_url"])
    assert config["plugins"][1]["glossa"]["import"]["footer"] == r"^Page \d+$"
    home = (tmp_path / "ed" / "docs" / "index.md").read_text(encoding="utf-8")
    assert "<script>" not in home and "\\<script\\>" in home
    assert md_escape("[x](javascript:1)") == r"\[x\]\(javascript:1\)"


def test_import_adds_chapters_to_the_nav_in_order_keeping_everything_else() -> None:
    text = "site_name: X\n# a comment\nnav:\n  - Home: index.md\n  - chapter-2.md\n  - About: about.md\nextra: {}\n"
    out, added = add_to_nav(text, ["chapter-3.md", "chapter-1.md", "chapter-2.md"])
    assert added == ["chapter-1.md", "chapter-3.md"]
    assert out == ("site_name: X\n# a comment\nnav:\n  - Home: index.md\n  - chapter-1.md\n  - chapter-2.md\n"
                   "  - chapter-3.md\n  - About: about.md\nextra: {}\n")
    assert add_to_nav("site_name: X\n", ["chapter-1.md"]) == ("site_name: X\n", [])
    assert re.search(r"chapter-10\.md\n  - About", add_to_nav(out, ["chapter-10.md"])[0])


def test_the_suggestion_workflow_passes_the_issue_text_as_a_file_never_in_a_command() -> None:
    wf = _workflow(EDITION / "github" / "workflows" / "suggestion.yml")
    assert wf["permissions"] == {} and wf[True] == {"issues": {"types": ["labeled"]}}  # PyYAML reads 'on' as True
    job = wf["jobs"]["suggestion"]
    assert job["if"] == "github.event.label.name == 'annotation'"
    for step in job["steps"]:
        assert "${{" not in step.get("run", ""), step  # expressions only in env, never in a script
        assert step.get("with", {}).get("persist-credentials", False) is False
    body = next(s for s in job["steps"] if "BODY" in s.get("env", {}))
    assert body["env"]["BODY"] == "${{ github.event.issue.body }}" and "$RUNNER_TEMP/issue.md" in body["run"]
    assert any("glossa suggestion --from-issue" in s.get("run", "") for s in job["steps"])


def test_init_writes_the_issue_form_and_the_three_workflows(tmp_path: Path) -> None:
    args = argparse.Namespace(title="T", author="", book_title="", publisher="", year="", editors="", source_credit="",
                              repo_url="https://github.com/o/r", engine="glossa[test]==0.2.0", footer=None,
                              first_chapter=None, first_note=None)
    write_edition(tmp_path / "ed", args)
    from glossa.issueform import FORM_PATH, issue_form

    assert (tmp_path / "ed" / FORM_PATH).read_text(encoding="utf-8") == issue_form()
    names = sorted(p.name for p in (tmp_path / "ed" / ".github" / "workflows").iterdir())
    assert names == ["deploy.yml", "pr.yml", "suggestion.yml"]
    assert "zizmor==" in (tmp_path / "ed" / "requirements.txt").read_text(encoding="utf-8")


def test_zizmor_fails_on_an_unpinned_over_privileged_workflow(tmp_path: Path) -> None:
    from glossa.testing import zizmor

    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text("on: push\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
                                      "    steps:\n      - uses: actions/checkout@v4\n", encoding="utf-8")
    result = zizmor(folder)
    assert result.returncode != 0 and "unpinned" in result.stdout + result.stderr
    assert zizmor(EDITION / "github" / "workflows").returncode == 0


@pytest.mark.parametrize(("tag", "theme", "search"), [("ja", "ja", "ja"), ("fr-CA", "fr", "fr"), ("zh-Hans", "zh", None),
                                                      ("en", "en", None), ("yo", "en", None)])
def test_language_is_written_once_for_the_engine_and_as_near_as_the_theme_allows(
        tmp_path: Path, tag: str, theme: str, search: str | None) -> None:
    from glossa.options import language_of
    from glossa.project import load_project

    args = argparse.Namespace(title="T", author="", book_title="", publisher="", year="", editors="", source_credit="",
                              repo_url="", engine="glossa", footer=None, first_chapter=None, first_note=None, language=tag)
    write_edition(tmp_path / "ed", args)
    config = yaml.safe_load((tmp_path / "ed" / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    assert config["theme"]["language"] == theme
    plugins = {next(iter(p)) if isinstance(p, dict) else p: p for p in config["plugins"]}
    assert plugins["glossa"]["glossa"]["language"] == tag
    assert (plugins["search"]["search"]["lang"] if isinstance(plugins["search"], dict) else None) == search
    project = load_project(tmp_path / "ed" / "mkdocs.yml")
    assert project.language == tag == language_of(project.config, project.options)


def test_a_language_that_is_not_a_tag_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from glossa.init import run_init

    args = argparse.Namespace(dir=str(tmp_path / "ed"), language="Français")
    assert run_init(args) == 2
    assert not (tmp_path / "ed").exists() and "BCP 47" in capsys.readouterr().err
