"""The reading layer: analyst language a small sentence model reads badly, read explicitly in
one sentence for each ticker it names.

- ``role``: a ticker that is a source, a counterparty or a peer for context: neutral;
- ``rating``: ratings and actions (Buy, downgrade, price target raised, long / short);
- ``comparison``: the winner and the loser between tickers, or a balanced comparison;
- ``deal``: the acquirer and the target, merger partners;
- ``hedge``: hedged, conditional or preview language: neutral;
- ``fact``: a plain fact of corporate life (a dividend declared, a spin-off completed): neutral;
- ``move``: a ticker's own price move ("Axon rose 4%");
- ``guidance``: an outlook raised or cut, or given above or below expectations;
- ``metric``: a metric whose fall is good news, moving ("warranty costs rose again");
- ``net``: the author's net verdict after weighing the news ("Net, ...", "a wash").

Plain Python with no spaCy or torch: it takes the sentence text and its ticker mentions
(offsets within the sentence) and gives :class:`Reading` value objects. Its words are data
files in ``resources/readings/``; the metrics and their good directions are the figure
layer's (``resources/figures/``)::

    from sentiment.readings import Mention, read_sentence
    text = "Trade idea: long $UNH, short $CVS."
    read_sentence(text, [Mention("UNH", 17, 21), Mention("CVS", 29, 33)])
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from sentiment.errors import InputError
from sentiment.readings.comparisons import VERB_REACH, read_comparisons
from sentiment.readings.contrasts import read_contrasts
from sentiment.readings.deals import read_deals
from sentiment.readings.guidance import read_guidance
from sentiment.readings.hedges import read_facts, read_hedges
from sentiment.readings.metric_moves import read_metric_moves
from sentiment.readings.moves import read_moves
from sentiment.readings.nets import read_nets
from sentiment.readings.ratings import read_ratings
from sentiment.readings.roles import PEER, SOURCE, read_roles
from sentiment.readings.sentence import Sentence
from sentiment.readings.types import EFFECTS, KINDS, NEUTRAL, Mention, Reading, flipped
from sentiment.readings.vocabulary import (
    ReadingVocabulary,
    default_reading_vocabulary,
    key,
    load_reading_vocabulary,
)

__all__ = [
    "EFFECTS",
    "KINDS",
    "Mention",
    "Reading",
    "ReadingVocabulary",
    "default_reading_vocabulary",
    "load_reading_vocabulary",
    "read_sentence",
]


def read_sentence(
    text: str,
    mentions: Sequence[Mention],
    vocabulary: ReadingVocabulary | None = None,
    kinds: Collection[str] = KINDS,
) -> tuple[Reading, ...]:
    """The readings of one sentence, in order of their cues.

    ``mentions`` are the tickers found in ``text`` with offsets within it (a name and its
    "(SYM)" next to it count as one). A role is dropped for a ticker that a rating, a
    comparison or a deal of the same sentence gives a side (the judgement is about it); one
    reading is kept per kind, ticker and effect (the first). ``kinds`` turns kinds off: only
    those named are read. A price move is dropped for a ticker that a comparison of the
    sentence sets on the other side (the loser of a race that rose), a comparison's side for a
    source ("scripts outpacing semaglutide per IQVIA"), and a pair trade's legs in a question
    ("Long Chubb (CB), short Allstate (ALL)? We'd flip it."). Text that is not a str,
    or an unknown kind, raises :class:`~sentiment.errors.InputError`.
    """
    if not isinstance(text, str):
        raise InputError(f"expected the sentence as text (str), got {type(text).__name__}")
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise InputError(f"unknown reading kinds {unknown}; use some of {list(KINDS)}")
    words = vocabulary or default_reading_vocabulary()
    sentence = Sentence.of(text, mentions)
    roles = read_roles(sentence, words) if sentence.mentions else []
    sources = {r.mention for r in roles if r.role == SOURCE}
    # a peer by a cue before it ("peers such as Allstate"), not one by what it does next
    # ("T-Mobile reports next week; we stay Overweight on it")
    peers = {r.mention for r in roles if r.role == PEER and r.reading.end <= r.mention.start}
    readers = {
        "rating": lambda: read_ratings(sentence, words, sources, peers),
        "comparison": lambda: read_comparisons(sentence, words) + read_contrasts(sentence, words),
        "deal": lambda: read_deals(sentence, words) if sentence.mentions else [],
        "move": lambda: read_moves(sentence, words, sources),
        "guidance": lambda: read_guidance(sentence, words, sources),
        "metric": lambda: read_metric_moves(sentence, words, sources),
    }
    sided = [r for kind, read in readers.items() if kind in kinds for r in read()]
    if _ASKED.search(text):
        # "Long Chubb (CB), short Allstate (ALL)? We'd flip it.": a pair asked, not made
        sided = [r for r in sided if not (r.kind == "rating" and key(r.cue) in words.leg_words)]
    quoted = {m.symbol for m in sources}
    sided = [r for r in sided if not (r.kind == "comparison" and r.ticker in quoted)]
    ranked = [r for r in sided if r.kind == "comparison" and r.effect != NEUTRAL]
    sided = [r for r in sided if not (r.kind == "move" and _raced(r, ranked))]
    moves = [r for r in sided if r.kind == "move" and r.effect != NEUTRAL]
    sided = [r for r in sided if not _conceded(r, moves, text)]
    judged = {r.ticker for r in sided if r.effect != NEUTRAL}
    found = [r.reading for r in roles if r.reading.ticker not in judged and "role" in kinds]
    found += sided + (read_hedges(sentence, words) if "hedge" in kinds else [])
    found += read_facts(sentence, words) if "fact" in kinds else []
    found += read_nets(sentence, words) if "net" in kinds else []
    unique: dict[tuple[str, str | None, str], Reading] = {}
    for reading in sorted(found, key=lambda r: (r.start, r.end)):
        unique.setdefault((reading.kind, reading.ticker, reading.effect), reading)
    return tuple(unique.values())


_CONCESSION = re.compile(r"\b(?:though|although)\b", re.I)
# A sentence asking a question (its last mark a question mark, before any closing quote).
_ASKED = re.compile(r"\?[\s\"'\u201d\u2019)]*$")


def _conceded(reading: Reading, moves: Sequence[Reading], text: str) -> bool:
    """Is ``reading`` an even comparison in a concession after its ticker's own move ("DKS
    and WSM fell in sympathy, though neither has updated its guidance"): no tie of the move?"""
    return (
        reading.kind == "comparison"
        and reading.effect == NEUTRAL
        and any(
            m.ticker == reading.ticker
            and m.end <= reading.start
            and _CONCESSION.search(text, m.end, reading.start)
            for m in moves
        )
    )


def _raced(move: Reading, ranked: Sequence[Reading]) -> bool:
    """Is ``move`` one of the figures of a comparison that sets its ticker on the other side
    ("USMV fell 17% in the selloff, while IVV dropped 25%": the smaller fall wins)?"""
    return any(
        c.ticker == move.ticker
        and c.effect == flipped(move.effect)
        and c.start - VERB_REACH <= move.start <= c.end
        for c in ranked
    )
