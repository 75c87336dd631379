"""What counts as a bare list: the one rule, used wherever a sentence might be one.

A bare list is a "sentence" that names at least one ticker and has no word beyond its tickers,
numbers and punctuation: ``$AAPL $MSFT $NVDA``, ``AAPL 189.50``, ``| MSFT | 412.1 |``. A line
of at most :data:`MOVES_AT_MOST` tickers with a signed percentage outside a table
(``Nvidia (NVDA) +4%, Broadcom (AVGO) +3%.``) is no bare list: it states moves, which the
move readings read.
It states no opinion, so it is neutral by rule, and so is every ticker it names: the model
is not asked (on a long list it would return the list's average tone for every symbol, and
scoring each symbol toward the whole list costs time that grows with the square of its
length). A piece of the rest counts as a number when it has a digit ("12.5%", "Q3",
"$1.2bn"), as a symbol when it is cashtag-shaped ("$XYZQ", found or not in the gazetteer);
any other piece with a letter is a word, and one word makes the sentence ordinary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sentiment.aggregate import sentence_index
from sentiment.results import TickerMention

_PIECE = re.compile(r"\$?[^\W_]+(?:[.'\u2019][^\W_]+)*")
_CASHTAG = re.compile(r"\$[^\W\d_]+(?:\.[^\W\d_]+)?")
_SIGNED_PERCENT = re.compile(r"(?<![\w.])[+\-\u2212]\d+(?:\.\d+)?%")
MOVES_AT_MOST = 4  # a short line of tickers with signed moves is read; a longer one is a list


def is_bare_list(sentence: str, mentions: Iterable[tuple[int, int]]) -> bool:
    """Whether ``sentence`` is a bare list; ``mentions`` are its tickers' (start, end)
    character offsets within ``sentence``."""
    spans = sorted(mentions)
    if not spans:
        return False
    rest, last = [], 0
    for start, end in spans:
        rest.append(sentence[last:start])
        last = max(last, end)
    rest.append(sentence[last:])
    words = " ".join(rest)
    if len(spans) <= MOVES_AT_MOST and "|" not in sentence and _SIGNED_PERCENT.search(words):
        return False  # "Nvidia (NVDA) +4%, Broadcom (AVGO) +3%.": moves, read as moves
    return not any(_is_word(m.group(0)) for m in _PIECE.finditer(words))


def _is_word(piece: str) -> bool:
    if any(ch.isdigit() for ch in piece) or _CASHTAG.fullmatch(piece):
        return False
    return any(ch.isalpha() for ch in piece)


def bare_list_sentences(
    text: str, mentions: Iterable[TickerMention], spans: Sequence[tuple[int, int]]
) -> set[int]:
    """Indices of the sentences (``spans`` of ``text``, sorted) that are bare lists."""
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    for mention in mentions:
        index = sentence_index(spans, mention.start)
        if index is not None:
            offset = spans[index][0]
            by_sentence.setdefault(index, []).append((mention.start - offset, mention.end - offset))
    return {
        i
        for i, found in by_sentence.items()
        if is_bare_list(text[spans[i][0] : spans[i][1]], found)
    }
