"""Problems: what every loader, check and build step reports instead of logging.

Core functions return ``(result, problems)``. The caller decides whether a problem
is logged (MkDocs hook), printed (the ``check`` command) or turned into a
GitHub Actions workflow command.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

#: "error" fails ``check`` and the build; "warning" fails ``--strict`` builds; "notice" is information.
Severity = Literal["error", "warning", "notice"]


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    """One actionable finding, tied to a file position.

    ``line`` and ``column`` are 1-based; 0 means "the whole file".
    ``fix`` tells a person what to do about it.
    """

    file: str
    line: int
    column: int
    message: str
    fix: str = ""
    severity: Severity = "error"
    code: str = "glossa"

    def format(self) -> str:
        """Render as ``file:line:column: message Fix: ...`` (the compiler convention)."""
        where = f"{self.file}:{self.line}:{self.column}" if self.line else f"{self.file}:1:1"
        text = f"{where}: {self.message}"
        if self.fix:
            text += f" Fix: {self.fix}"
        return text

    def github(self) -> str:
        """Render as a GitHub Actions workflow command, so it shows on the PR's line."""
        kind = self.severity

        def esc(value: str) -> str:
            # Workflow-command escaping, as documented by GitHub.
            return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

        def esc_prop(value: str) -> str:
            return esc(value).replace(":", "%3A").replace(",", "%2C")

        msg = self.message + (f" Fix: {self.fix}" if self.fix else "")
        return (
            f"::{kind} file={esc_prop(self.file)},line={max(self.line, 1)},"
            f"col={max(self.column, 1)},title={esc_prop(self.code)}::{esc(msg)}"
        )
