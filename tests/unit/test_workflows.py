"""The GitHub workflows: valid YAML, the official Pages actions, and the README's commands."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def load(name: str) -> dict:
    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict) and data.get("jobs"), name
    return data


def steps(wf: dict) -> list[dict]:
    return [s for job in wf["jobs"].values() for s in job.get("steps", [])]


def test_deploy_uses_official_pages_actions_with_permissions() -> None:
    wf = load("deploy.yml")
    uses = [s.get("uses", "").split("@")[0] for s in steps(wf)]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in uses
    assert wf["permissions"]["pages"] == "write" and wf["permissions"]["id-token"] == "write"
    assert "concurrency" in wf
    runs = " ".join(s.get("run", "") for s in steps(wf))
    assert "python3 glossa build --strict" in runs
    env = next(s["env"] for s in steps(wf) if "env" in s)
    assert "steps.pages.outputs.base_url" in env["SITE_URL"]


def test_pr_workflow_runs_the_readme_commands() -> None:
    wf = load("pr.yml")
    runs = [s.get("run", "") for s in steps(wf)]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 glossa test" in readme and "python3 glossa serve" in readme
    assert "python3 glossa test" in runs
    assert any("glossa check" in r for r in runs)
    assert any(s.get("uses", "").startswith("actions/upload-artifact") for s in steps(wf))
    assert "python3 glossa test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_mkdocs_site_url_comes_from_the_environment() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "site_url: !ENV [SITE_URL" in text
