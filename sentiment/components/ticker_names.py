"""Company and fund names and aliases (part of :mod:`sentiment.components.tickers`).

The longest gazetteer name or alias at each token ("Apple Inc.", "Google"), written as the
company writes it. A name can mean something else ("Apple pie", "the Oracle of Omaha"); one
that needs its legal suffix is kept without it only after a deal phrase or with evidence
("acquire Informatica"); one that is also an ordinary word ("Target") is scored on the
evidence around it; a short name ("Coke") is left to
:mod:`sentiment.components.ticker_coreference`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sentiment.components.ticker_coreference import short_name
from sentiment.components.ticker_rules import (
    Hit,
    Lines,
    Tok,
    business_cues,
    cased,
    context,
    joined,
    name_end,
)
from sentiment.gazetteer import TOKEN_RE, Gazetteer, NameEntry
from sentiment.wordlists import phrase_alternation, read_table, resource_path

NAME_COMPOUNDS = "name_compounds.tsv"

SUFFIX_AFTER_RE = re.compile(
    r"(?:,?[ \u00a0]+|[ \u00a0]*&(?:amp;)?[ \u00a0]*)(?:Inc\b\.?|Incorporated|Corp\b\.?|"
    r"Corporation|Co\b\.?|Company|Ltd\b\.?|Limited|plc|PLC|LLC|N\.V\.|S\.A\.|AG\b|SE\b|Group|"
    r"Holdings?)"
)
BLOCK_AFTER_RE = re.compile(
    r"^\s+(?i:price|prices|priced|date|dates|range|rate|rates|zone|"
    r"level|levels|audience|allocation|weight|return|yield)\b"
)
BLOCK_BEFORE_RE = re.compile(
    r"(?:\b(?i:a|an|the|our|their|its|my|your|this|that|no|price)|[A-Za-z]['\u2019]s)\s+$"
)  # after a possessive, a name that is also a word is its product ("Mongo's Atlas growth")
NEXT_WORD_RE = re.compile(r"[ \u00a0]+([A-Za-z]+)")
# An analyst's noun right after a name that is also a word: "raises its Snowflake target" is
# the company's target even after "its".
ANALYST_NOUN_AFTER_RE = re.compile(
    r"[ \u00a0]+(?i:price target|target|estimates|rating|shares|stock)\b"
)
TITLE_WORD_AFTER_RE = re.compile(r"[ \u00a0]+[A-Z][a-z]")
TITLE_WORD_BEFORE_RE = re.compile(r"\b[A-Z][a-z]+[ \u00a0]+$")
SYMBOL_AFTER_RE = re.compile(r"[ \u00a0]*\([A-Z]")  # "The 3M (MMM) margin": the company
THE_X_OF_RE = re.compile(r"(?i:the)[ \u00a0]+$")
PARTICLE_RE = re.compile(r"([a-z]+)[ \u00a0]+$")


def name_hits(
    gaz: Gazetteer, text: str, lines: Lines, *, coreference: bool
) -> tuple[list[Hit], list[Tok]]:
    """The names and aliases in ``text``, longest first at each token, and the tokens
    (for :func:`~sentiment.components.ticker_coreference.coreference_hits`)."""
    tokens = [_name_part(Tok(m.start(), m.end(), m.group())) for m in TOKEN_RE.finditer(text)]
    hits, i = [], 0
    while i < len(tokens):
        longest = gaz.max_tokens(tokens[i].key)
        hit, used = None, 1
        for size in range(min(longest, len(tokens) - i), 0, -1):
            hit = _name_at(gaz, text, tokens[i : i + size], lines, coreference)
            if hit:
                used = size
                break
        if hit and hit.method:
            hits.append(hit)
        i += used if hit else 1
    return hits, tokens


@lru_cache(maxsize=1)
def compound_re() -> re.Pattern[str]:
    """A lower-case word joined to the end of a name by a hyphen ("Nvidia-based", "Apple-led";
    ``resources/name_compounds.tsv``)."""
    words = [row[0] for row in read_table(resource_path(NAME_COMPOUNDS), 2)]
    return re.compile(rf"-(?:{phrase_alternation(words)})$")


def _name_part(tok: Tok) -> Tok:
    """``tok`` without a compound's lower-case second half ("Nvidia-based" -> "Nvidia")."""
    m = compound_re().search(tok.text) if "-" in tok.text else None
    return Tok(tok.start, tok.start + m.start(), tok.text[: m.start()]) if m else tok


def _name_at(
    gaz: Gazetteer, text: str, span: list[Tok], lines: Lines, coreference: bool
) -> Hit | None:
    """The name ``span`` spells, if any; a hit without a method consumes the span and
    adds nothing (a name meaning something else)."""
    entry = gaz.name(" ".join(t.key for t in span))
    if entry is None or not joined(text, span) or not cased(span, entry.text):
        return None
    start, end = span[0].start, name_end(span[-1], entry.text)
    if _means_something_else(gaz, text, start, end, span):
        return Hit(start, end, entry.symbol, "", 0.0, "")  # consumes the span, adds nothing
    suffix = SUFFIX_AFTER_RE.match(text, end)
    if entry.source == "short" and not suffix and TITLE_WORD_AFTER_RE.match(text, end):
        return None  # "Acme Robotics": a short name starting another company's name
    if entry.source == "short" and entry.policy == "context" and " " in entry.text:
        if TITLE_WORD_BEFORE_RE.search(text, 0, start):
            return None  # "Hammond Power Solutions": common words ending another's name
    if entry.needs_suffix and not suffix:
        return _suffixless_name(gaz, text, start, end, entry, lines)
    end = suffix.end() if suffix else end
    label = "alias" if entry.source == "alias" else "name"
    reason = f"{label} '{entry.text}'" + (" with legal suffix" if suffix else "")
    if entry.policy == "coref":
        return short_name(text, start, end, entry, reason) if coreference else None
    if entry.policy == "context" and not suffix:
        return _context_name(text, start, end, entry.symbol, reason, lines)
    return Hit(start, end, entry.symbol, label, 0.95 if suffix else 0.9, reason)


def _means_something_else(gaz: Gazetteer, text: str, start: int, end: int, span: list[Tok]) -> bool:
    """ "Apple pie", "the Oracle of Omaha", "da Vinci": the name is not the company."""
    after = NEXT_WORD_RE.match(text, end)
    if after and gaz.means_something_else(" ".join(t.key for t in span), after.group(1)):
        return True
    if len(span) > 1:
        return False
    before = text[max(0, start - 12) : start]
    particle = PARTICLE_RE.search(before)
    return bool(particle and particle.group(1) in context().particles) or bool(
        THE_X_OF_RE.search(before) and text.startswith(" of ", end)
    )


def _suffixless_name(
    gaz: Gazetteer, text: str, start: int, end: int, entry: NameEntry, lines: Lines
) -> Hit | None:
    """A US listing's name without the legal suffix it needs ("Lyft", "Hess"): kept
    after a deal phrase ("acquire Informatica"), or with evidence (a coordination with
    a confirmed company, the symbol elsewhere); only capitalised mid-sentence."""
    info = gaz.get(entry.symbol)
    if (
        info is None
        or info.country != "United States"
        or len(entry.text) < 4
        or entry.text.isupper()
        or entry.text.lower() in gaz.name_stopwords
        or lines.all_caps(start)
        or not lines.mid_sentence(start)
    ):
        return None
    reason = f"name '{entry.text}' without its legal suffix"
    deal = context().deal.search(text[max(0, start - 30) : start])
    if deal:
        return Hit(
            start,
            end,
            entry.symbol,
            "name",
            0.7,
            f"{reason}, after '{' '.join(deal.group().split())}'",
        )
    return Hit(start, end, entry.symbol, "name", 0.7, reason, "evidence")


def _context_name(text: str, start: int, end: int, symbol: str, reason: str, lines: Lines) -> Hit:
    """A name that is also an ordinary word ("Target"): scored on evidence nearby. Being
    capitalised mid-sentence counts, but not where the word stands as a verb ("tried to
    Ford the river"). A determiner before it means the word ("the Target price", "The Dow"),
    but for "that" before a possessive, a conjunction ("noted that Visa's settlement"), and a
    name its symbol follows ("The 3M (MMM) margin guidance")."""
    caps = lines.all_caps(start)
    cues = business_cues(text, start, end)
    before = BLOCK_BEFORE_RE.search(text[max(0, start - 12) : start])
    if (
        BLOCK_AFTER_RE.match(text[end : end + 20])
        or before
        and not ANALYST_NOUN_AFTER_RE.match(text, end)
        and not (before.group().startswith("that") and "possessive" in cues)
        and not SYMBOL_AFTER_RE.match(text, end)
        or caps
        and not cues
    ):
        return Hit(start, end, symbol, "", 0.0, "")  # consumes the span, adds nothing
    if not caps and lines.mid_sentence(start) and not _verb_use(text, start, end):
        cues.append("capitalised mid-sentence")
    score = (
        0.45
        + 0.2 * (len(cues) - ("capitalised mid-sentence" in cues))
        + 0.1 * ("capitalised mid-sentence" in cues)
    )
    reason = f"{reason} (an ordinary word too; " + (", ".join(cues) or "no cue") + ")"
    needs = "" if score >= 0.5 else "evidence"
    return Hit(start, end, symbol, "alias", max(score, 0.8 if needs else score), reason, needs)


def _verb_use(text: str, start: int, end: int) -> bool:
    """True when the word at text[start:end] stands where a verb would: after "to" or a
    modal and before its object ("tried to Ford the river", "will Target the young")."""
    ctx = context()
    return bool(
        ctx.verb_before.search(text, max(0, start - 12), start) and ctx.verb_object.match(text, end)
    )
