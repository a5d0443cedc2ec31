"""Readable ids from names and file names in any script: ``Победоносцев`` -> ``pobedonostsev``.

An entry's id is its file's name and its page's address, so it is ASCII: lowercase letters,
digits and single hyphens. A name in another script is transliterated, never numbered.
"""

from __future__ import annotations

import re
import unicodedata

#: Arabic letters as a reader of names expects them in Latin letters: long vowels written (the
#: script writes no short ones), the article joined ("إبراهيم باشا" -> ibrahim-basha). anyascii's
#: Arabic is a consonant skeleton ("brhym bsh"), unreadable as an address.
_ARABIC = str.maketrans({
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh",
    "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "w", "ي": "y",
    "ى": "a", "ء": "", "ؤ": "", "ئ": "", "پ": "p", "چ": "ch", "گ": "g", "ک": "k", "ی": "y", "ـ": "",
})
_ARABIC_VOWELS = (("(?<=[a-z])w(?![aiu])", "u"), ("(?<=[a-z])y(?![aiu])", "i"))


def slugify(text: str) -> str:
    """A readable id from a name in any script: ``Budënny`` -> ``budenny``, ``Preußen`` -> ``preussen``,
    ``Победоносцев`` -> ``pobedonostsev``, ``إبراهيم باشا`` -> ``ibrahim-basha``.

    Transliterated by anyascii (a maintained table for every script; ß is "ss"), and Arabic
    script by the table above. ``""`` when nothing readable is left.
    """
    from anyascii import anyascii

    text = unicodedata.normalize("NFC", text)
    if re.search(r"[\u0600-\u06ff]", text):
        words = [w.translate(_ARABIC) for w in text.split()]
        for pattern, vowel in _ARABIC_VOWELS:
            words = [re.sub(pattern, vowel, w) for w in words]
        text = " ".join(words)
    text = anyascii(re.sub(r"['’]", "", text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def file_id(stem: str) -> str | None:
    """The id of an annotation file named in another script than Latin (``николай.yml`` -> ``nikolai``).

    ``None`` for a name that is ASCII already (it must be a valid id as it stands: the check says
    how to rename ``Bad Id.yml``) or that gives nothing readable.
    """
    if stem.isascii():
        return None
    return slugify(stem) or None
