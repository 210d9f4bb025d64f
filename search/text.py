"""Accent folding and highlighting in Python: the SQLite index, and the snippets of the SQLite search.

``fold`` lower-cases and drops accents (NFKD, combining marks removed) and folds the letters that have no
decomposition (ł, ø, đ, ß…), so that "Slubice" matches "Słubice" and "Øresund" matches "oresund".
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Letters NFKD leaves whole: the Latin letters of Europe's languages that have no combining-mark decomposition.
EXTRA_FOLDS = {
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i", "ħ": "h",
    "ŧ": "t", "ŀ": "l", "ĸ": "k", "ŋ": "n",
}  # fmt: skip
WORD = re.compile(r"\w+")


def fold_char(character):
    lowered = character.lower()
    folded = []
    for part in lowered:
        part = EXTRA_FOLDS.get(part, part)
        folded.extend(c for c in unicodedata.normalize("NFKD", part) if not unicodedata.combining(c))
    return "".join(folded)


def fold(text):
    """``text`` lower-cased, without accents."""
    return "".join(fold_char(character) for character in text or "")


def fold_with_positions(text):
    """``fold(text)`` and, for each of its characters, the position in ``text`` of the character it came from."""
    folded, positions = [], []
    for index, character in enumerate(text):
        for part in fold_char(character):
            folded.append(part)
            positions.append(index)
    return "".join(folded), positions


def words_of(query, limit=10):
    """The distinct folded words of a query, in order, at most ``limit``."""
    words = []
    for word in WORD.findall(fold(query)):
        if word not in words:
            words.append(word)
    return words[:limit]


def _spans(text, words):
    """Non-overlapping (start, end) spans of ``text`` where a folded word occurs, in order."""
    folded, positions = fold_with_positions(text)
    spans = []
    for word in words:
        for match in re.finditer(re.escape(word), folded):
            start = positions[match.start()]
            end = positions[match.end() - 1] + 1
            spans.append((start, end))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text, words, spans=None):
    """``text`` escaped, with each occurrence of the words wrapped in <mark>."""
    spans = _spans(text, words) if spans is None else spans
    pieces, cursor = [], 0
    for start, end in spans:
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))  # noqa: S308 (every piece of the text is escaped)


def snippet(text, words, width=240):
    """A window of ``text`` around the first occurrence of a word (or its start), escaped and highlighted."""
    text = " ".join((text or "").split())
    spans = _spans(text, words)
    start = 0
    if spans and spans[0][0] > width // 3:
        start = spans[0][0] - width // 3
        start = text.find(" ", start) + 1 or start
    end = min(len(text), start + width)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    window = text[start:end]
    inside = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    marked = highlight(window, words, inside)
    return mark_safe(("… " if start else "") + marked + (" …" if end < len(text) else ""))  # noqa: S308


def marked_headline(headline, start_marker, stop_marker):
    """A PostgreSQL headline whose matches are between two markers: escaped, then the markers made <mark>."""
    escaped = str(escape(headline or ""))
    return mark_safe(escaped.replace(start_marker, "<mark>").replace(stop_marker, "</mark>"))  # noqa: S308
