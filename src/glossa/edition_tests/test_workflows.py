"""Any edition's GitHub workflows: zizmor finds nothing (pinned actions, least permissions, no injection)."""

from __future__ import annotations

from pathlib import Path

from glossa import testing


def test_every_workflow_passes_zizmor(edition: Path) -> None:
    workflows = edition.parent / ".github" / "workflows"
    assert sorted(workflows.glob("*.yml")), f"{workflows} holds no workflow (glossa init writes three)"
    result = testing.zizmor(workflows)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "No findings" in result.stdout + result.stderr
