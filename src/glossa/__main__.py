"""``python -m glossa``: the same as the ``glossa`` console command."""

import sys

from .cli import main

sys.exit(main())
