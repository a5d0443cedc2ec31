"""The edition tests: what must hold for any edition, run by ``glossa test`` inside it.

They read the edition named by ``GLOSSA_EDITION`` (its ``mkdocs.yml``; ``glossa test``
sets it) and pick what they test (a person, a term, a note...) from the built pages,
never by name, so they pass for any book.
"""
