"""Folded text for matching quotes typed in ordinary Arabic against the seeds' exact text.

Every rule maps one raw code point to zero or more folded ones, so each folded character
remembers the raw index it came from (the offset map) and a folded match always maps back
to an exact raw span. The rules, and why:

1. NFKD, one code point at a time: splits letters carrying hamza or madda (أ إ آ ؤ ئ) into base
   letter + mark, undoes presentation forms (ﻻ) and turns the no-break space into a space.
   Per code point (not whole-string NFC) keeps the map exact and covers NFC and NFD input alike.
2. Drop combining marks (category Mn): harakat, tanween, shadda, sukun, dagger alef, hamza marks.
   Curators type them or not; the articles use them unevenly.
3. Drop format characters (category Cf): zero-width (non-)joiners, bidi marks (LRM, RLM, embeddings,
   isolates), BOM. A quote pasted from a browser brings them along invisibly.
4. Drop tatweel (ـ, U+0640): elongation is typography, not spelling.
5. Letter variants to the standard Arabic letter: Farsi yeh ی and alef maksura ى → ي; keheh ک → ك;
   heh doachashmee ھ and heh goal ہ → ه; alef wasla ٱ → ا. Seed 004 writes Farsi yeh and heh
   doachashmee inside Arabic words where a curator types ي and ه.
6. Every quotation mark (« » “ ” „ ‟ " ‘ ’ ‚ ‛ ') → ", because the articles mix «», “ ” and ".
7. Every run of white space (spaces, tabs, line breaks, no-break spaces) → one space.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

LETTERS = {"\u06cc": "\u064a", "\u0649": "\u064a", "\u06a9": "\u0643", "\u06be": "\u0647",
           "\u06c1": "\u0647", "\u0671": "\u0627"}
QUOTES = set("«»“”„‟\"‘’‚‛'")
TATWEEL = "\u0640"


@dataclass(frozen=True)
class Folded:
    text: str
    origin: array  # origin[i] = raw index of folded character i (non-decreasing); 4 bytes a character

    def raw_span(self, raw: str, start: int, end: int) -> tuple[int, int]:
        """The raw span covering folded [start, end), with trailing combining marks included."""
        raw_start = self.origin[start]
        raw_end = self.origin[end - 1] + 1
        while raw_end < len(raw) and unicodedata.category(raw[raw_end]) == "Mn":
            raw_end += 1  # a mark belongs to the letter before it
        return raw_start, raw_end


def fold_char(c: str) -> str:
    out = []
    for d in unicodedata.normalize("NFKD", c):
        category = unicodedata.category(d)
        if category in ("Mn", "Cf") or d == TATWEEL:
            continue
        if d in QUOTES:
            d = '"'
        elif d.isspace():
            d = " "
        out.append(LETTERS.get(d, d))
    return "".join(out)


def fold(raw: str) -> Folded:
    chars: list[str] = []
    origin = array("I")
    cache: dict[str, str] = {}
    for index, c in enumerate(raw):
        folded = cache.get(c)
        if folded is None:
            folded = cache[c] = fold_char(c)
        for f in folded:
            if f == " " and chars and chars[-1] == " ":
                continue  # collapse white space runs onto their first character
            chars.append(f)
            origin.append(index)
    return Folded("".join(chars), origin)


class _Table(dict):
    """str.translate's table for fold_char, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold_char(chr(code))
        return folded


_TABLE = _Table()
_SPACE_RUN = re.compile(" {2,}")


def fold_quote(quote: str) -> str:
    """fold(quote).text without its edge spaces, without the offset map: a few µs for a quote."""
    return _SPACE_RUN.sub(" ", quote.translate(_TABLE)).strip()


# Search on the page folds the same way, and also lower-cases: the build folds each row's text, and hands the
# page the table of the characters that fold, so that the page folds a query exactly as the build folded the
# data (one implementation, not two).
def search_char(c: str) -> str:
    return fold_char(c).lower()


class _SearchTable(dict):
    """str.translate's table for search_char, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = search_char(chr(code))
        return folded


_SEARCH = _SearchTable()


def search_text(text: str) -> str:
    return _SPACE_RUN.sub(" ", text.translate(_SEARCH)).strip()


# Where a reader's query may come from beyond the data itself: the Arabic blocks, Latin letters with accents,
# and the marks, quotation marks and spaces the rules fold.
SEARCH_BLOCKS = [(0x00, 0x24F), (0x300, 0x36F), (0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF), (0x2000, 0x206F),
                 (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]


def search_table(extra: set[str]) -> dict[str, str]:
    """Every character of the blocks above and of extra whose search folding differs from itself."""
    chars = {chr(c) for lo, hi in SEARCH_BLOCKS for c in range(lo, hi + 1)} | extra
    return {c: search_char(c) for c in sorted(chars) if search_char(c) != c}
