"""The value objects of the reading layer: a ticker mention given to it, a reading it gives."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, NamedTuple

NET = "net"  # the author's net verdict after weighing the news (readings/nets.py)
KINDS = ("role", "rating", "comparison", "deal", "hedge", "fact", "move", "guidance", "metric", NET)
EFFECTS = ("positive", "negative", "neutral")
# ratings.tsv's mark of a rating a step past its side's ("Strong Buy" over "Buy").
STRONG = "strong"
POSITIVE, NEGATIVE, NEUTRAL = EFFECTS
# The effect of a net verdict that takes the sentence's own lean ("Net, we stay with the
# shares"): the Analyzer resolves it to the label the sentence is scored toward each ticker.
SCORED = "scored"
# The effect of a contrast ("Chevron, by contrast, raised its target"): the other side of the
# verdict of the note's sentence before, resolved by the Analyzer.
CONTRASTED = "contrasted"


class Mention(NamedTuple):
    """A ticker mention: its symbol and character offsets within the sentence."""

    symbol: str
    start: int
    end: int


@dataclass(frozen=True)
class Reading:
    """One piece of analyst language read in a sentence, and what it says for a ticker.

    ``kind`` is one of :data:`KINDS`. ``ticker`` is the symbol it is about; None means the
    whole sentence (a hedge, or a rating or revision in a sentence that names no ticker, for
    whichever ticker the sentence is about). ``effect`` is positive, negative or neutral
    (neutral: the sentence says nothing for or against that ticker; pull its score toward 0),
    or, for a net verdict only, :data:`SCORED` until the Analyzer resolves it.
    ``cue`` is the words that made it, as written; ``start`` and ``end`` their offsets in the
    sentence.
    """

    kind: str
    ticker: str | None
    effect: str
    cue: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """The reading as a plain dict (JSON-ready)."""
        return asdict(self)


def flipped(effect: str) -> str:
    """The other side of an effect: positive <-> negative; neutral stays."""
    return {POSITIVE: NEGATIVE, NEGATIVE: POSITIVE}.get(effect, effect)
