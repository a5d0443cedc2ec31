"""``glossa serve``: the edition with live reload.

For now this is MkDocs' own ``serve`` (each save rebuilds the site).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def serve(config_file: Path, addr: str, *, full: bool = False) -> int:
    """Serve the edition at ``addr`` until Ctrl-C."""
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--livereload", "-f", str(config_file), "-a", addr]
    try:
        return subprocess.call(cmd, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    except KeyboardInterrupt:
        return 130
