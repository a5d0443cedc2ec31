"""Glossa: turn a book chapter plus YAML annotations into an annotated reading edition.

The package is the pure core. It knows nothing of MkDocs events or the theme:

- :mod:`glossa.problems`  - the one type every check reports;
- :mod:`glossa.yamlsafe`  - safe YAML loading that keeps line and column of every value;
- :mod:`glossa.model`     - the typed annotation model (people, terms, notes);
- :mod:`glossa.registry`  - loading and cross-checking a whole ``annotations/`` folder;
- :mod:`glossa.matcher`   - one word-keyed matcher for every name and term;
- :mod:`glossa.extension` - the Python-Markdown extension (note markers, auto-links);
- :mod:`glossa.render`    - annotation Markdown to sanitised HTML, previews, entry pages;
- :mod:`glossa.importer`  - raw chapter text to chapter Markdown, with a review report.

``hooks/glossa_hooks.py`` is the thin MkDocs layer on top.
"""

from __future__ import annotations

__version__ = "0.2.0"
