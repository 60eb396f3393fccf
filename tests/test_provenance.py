"""Quotes typed in ordinary Arabic resolve to the exact raw spans of the seeds."""

import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from conftest import examples
from factpack.check.folding import fold, fold_quote
from factpack.check.provenance import MIN_LETTERS, Seed, locate, places

SEEDS = {p.name: p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))}
SEED_004 = SEEDS["004_9752d2132f3ca193.txt"]


def seed(text):
    return Seed("S0001", "seeds/x.txt", text)


def test_the_seeds_have_the_known_quirks():
    assert [text.endswith("\n") for text in SEEDS.values()] == [False] * 5
    assert (SEED_004.count("\u06cc"), SEED_004.count("\u06be")) == (32, 13)
    assert SEEDS["002_4638acede8f0e47e.txt"].count("\u00a0") == 1
    assert "االقوات" in SEEDS["001_d43287f71196064e.txt"]


def test_exact_match_keeps_typos():
    span, code, _ = locate(seed(SEEDS["001_d43287f71196064e.txt"]), "بتسليم االقوات العراقية", None)
    assert (span.match, code) == ("exact", None)


def test_ordinary_yeh_and_heh_find_farsi_letters():
    raw = seed("تنظیم داعش في العراق")
    span, code, _ = locate(raw, "تنظيم داعش", None)
    assert (raw.text[span.start:span.end], span.match) == ("تنظیم داعش", "folded")


def test_diacritics_tatweel_quotes_and_invisible_marks_are_folded():
    raw = seed("قال: «نؤكّد أنّ القوات انسحبت» أمس")
    span, _, _ = locate(raw, '\u200fنؤكـد أن القوات انسحبت"', None)
    assert raw.text[span.start:span.end] == "نؤكّد أنّ القوات انسحبت»"


def test_nfd_input_and_no_break_space():
    raw = seed("إنهاء\u00a0المهمة العسكرية")
    span, _, _ = locate(raw, unicodedata.normalize("NFD", "إنهاء المهمة"), None)
    assert raw.text[span.start:span.end] == "إنهاء\u00a0المهمة"


def test_not_found_points_to_the_closest_passage():
    span, code, message = locate(seed("سطر أول\nأعلنت قيادة العمليات المشتركة اليوم"), "اعلن قيادة العمليات", None)
    assert (span, code) == (None, "quote-not-found")
    assert "(94% similar) is at line 2:1: «أعلنت قيادة العمليات»" in message


def test_ambiguous_quote_lists_the_places_and_occurrence_picks_one():
    raw = seed("التحالف الدولي\nثم التحالف الدولي")
    span, code, message = locate(raw, "التحالف الدولي", None)
    assert (span, code) == (None, "quote-ambiguous")
    assert "line 1:1" in message and "line 2:4" in message
    span, code, _ = locate(raw, "التحالف الدولي", 2)
    assert (span.start, span.occurrence, code) == (18, 2, None)
    span, code, _ = locate(raw, "التحالف الدولي", 3)
    assert (span, code) == (None, "occurrence-out-of-range")


def test_a_verbatim_match_does_not_hide_folded_ones():
    # Seed 004 writes "إنهاء المهمة" once with ordinary letters and twice with heh doachashmee.
    span, code, message = locate(seed(SEED_004), "إنهاء المهمة", None)
    assert (span, code) == (None, "quote-ambiguous")
    assert "3 times" in message and "(exact)" in message and "(folded)" in message
    spans = places(seed(SEED_004), "إنهاء المهمة")
    assert [s.match for s in spans].count("exact") == 1 and len(spans) == 3
    assert locate(seed(SEED_004), "إنهاء المهمة", 3)[0] == spans[2]


def test_overlapping_occurrences_are_counted():
    span, code, _ = locate(seed("قال قال قال"), "قال قال", None)
    assert (span, code) == (None, "quote-ambiguous")
    assert [s.start for s in places(seed("قال قال قال"), "قال قال")] == [0, 4]


def test_a_quote_longer_than_its_seed_is_not_found():
    text = SEEDS["001_d43287f71196064e.txt"]
    span, code, message = locate(seed(text), text + " زيادة", None)
    assert (span, code) == (None, "quote-not-found")
    assert "line 1:1" in message and message.count("…") == 1  # the passage shown is clipped
    assert "(99% similar)" in message  # never 100% for a passage that differs


def test_a_long_mistyped_quote_points_to_its_passage():
    start = SEED_004.index("وأضاف البيان أنه")
    typed = SEED_004[start:start + 2000].replace("ھ", "ه").replace("ی", "ي").replace("البيان", "البيانات", 1)
    span, code, message = locate(seed(SEED_004), typed, None)
    line, column = seed(SEED_004).line_column(start)
    assert (span, code) == (None, "quote-not-found")
    assert f"is at line {line}:{column}:" in message


@st.composite
def span_of_a_seed(draw):
    name = draw(st.sampled_from(sorted(SEEDS)))
    text = SEEDS[name]
    start = draw(st.integers(0, len(text) - 2))
    end = draw(st.integers(start + 1, min(len(text), start + 80)))
    return text, start, end


def variant(quote: str, draw) -> str:
    """A curator's retyping: ordinary letters, no diacritics, stray marks, NFD or not."""
    out = quote.replace("\u06cc", "\u064a").replace("\u06be", "\u0647").replace("\u00a0", " ")
    out = "".join(c for c in out if unicodedata.category(c) != "Mn")
    out = out.replace("«", '"').replace("»", '"').replace("“", '"').replace("”", '"')
    if draw(st.booleans()):
        out = unicodedata.normalize("NFD", out)
    if draw(st.booleans()) and len(out) > 2:
        out = out[:1] + "\u200f" + out[1:]
    return out


@examples(300)
@given(st.data())
def test_a_folded_variant_of_any_span_resolves_to_that_span(data):
    text, start, end = data.draw(span_of_a_seed())
    quote = text[start:end]
    folded_quote = fold_quote(quote)
    # Only spans that start and end on a character that survives folding are meaningful quotes.
    if not folded_quote or fold_quote(text[start]) in ("", " ") or fold_quote(text[end - 1]) in ("", " "):
        return
    if sum(c.isalnum() for c in folded_quote) < MIN_LETTERS:
        return  # too short to identify a passage: refused (quote-too-short)
    if not (seed(text).boundaries[start] and seed(text).boundaries[end]):
        return  # a quote that cuts a letter from its mark is refused (quote-splits-character)
    typed = variant(quote, data.draw)
    spans = places(seed(text), typed)
    meant = [s for s in spans if (s.start, s.end) == (start, end)]
    assert len(meant) == 1
    span, code, _ = locate(seed(text), typed, None if len(spans) == 1 else meant[0].occurrence)
    assert code is None
    assert (span.start, span.end, text[span.start:span.end]) == (start, end, quote)
    assert span.match == ("exact" if typed == quote else "folded")


@examples(50)
@given(st.sampled_from(sorted(SEEDS)))
def test_offset_map_is_monotonic_and_in_range(name):
    text = SEEDS[name]
    folded = fold(text)
    assert len(folded.text) == len(folded.origin)
    assert all(a <= b for a, b in zip(folded.origin, folded.origin[1:]))
    assert all(0 <= i < len(text) for i in folded.origin)


@examples(300)
@given(st.text(alphabet=st.sampled_from(sorted(set(SEED_004[:400]) | set(" \u200f\u0640\u064b\u00a0\t\n«»ﻻ"))),
               max_size=60))
def test_fold_quote_is_the_folded_text_without_its_edge_spaces(quote):
    assert fold_quote(quote) == fold(quote).text.strip()


def test_a_quote_with_a_space_before_it_stands_in_one_place():
    span, code, _ = locate(seed("x abc d"), " abc", None)
    assert (code, span.start, span.end, span.match) == (None, 1, 5, "exact")
