"""A rule-based sentence segmenter for research notes.

One pass over the tokens decides every ``is_sent_start``. Beyond ``.``/``!``/``?`` it
knows the shapes of research notes: abbreviations ("Inc.", "U.S.", "e.g.", "No. 5"),
decimals and amounts ("3.5%", "$1.2bn."), closing quotes and brackets after the
period, bullet lists (each bullet its own sentence), headings (a short unpunctuated
line) and blank lines. Whitespace tokens belong to the sentence before them.

A run-on "sentence" longer than ``max_sentence_tokens`` (a list of symbols, a table pasted
without line breaks) is cut into pieces of at most that many tokens, at a line break or a
``,``/``;``/``|`` in its second half where there is one. The default, 128 word tokens, is
above the model's window (96 word pieces; every word token makes at least one), so a
sentence the model reads in one window is never cut, while the cost of scoring a long text
stays proportional to its length (issue 23).

The abbreviation list and the bullet patterns are data files in
``sentiment/resources/sentences/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.util import minibatch

from sentiment.attribution import default_words
from sentiment.errors import ResourceError
from sentiment.wordlists import read_patterns, read_table, resource_path

TERMINALS = frozenset({".", "!", "?", "...", "\u2026", "?!", "!?"})
CLOSERS = frozenset({'"', "'", "\u201d", "\u2019", ")", "]", "}", "\u00bb"})
# A heading or other unpunctuated line cannot end with these: the sentence goes on.
CONTINUERS = frozenset({",", ";", "-", "\u2013", "\u2014", "&", "/", "(", "+"})
# Where an overlong sentence is best cut: after one of these or a line break.
SOFT_BREAKS = frozenset({",", ";", ":", "|", "\u2022"})
MAX_SENTENCE_TOKENS = 128
_LETTER_PAIRS = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"^[A-Z]\.$")
_CAMEL_NAME = re.compile(r"^[a-z]{1,2}[A-Z]")  # "eBay", "iRobot", "eHealth"
# What a token ending in a period does, by the kind of abbreviation it is (None: none).
_ENDING_BY_KIND = {None: "hard", "final": "final", "inner": None}


@dataclass(frozen=True)
class SegmenterRules:
    """The data the segmenter works from: abbreviations by kind and bullet markers."""

    inner: frozenset[str]
    final: frozenset[str]
    bullets: tuple[re.Pattern[str], ...]


def load_rules(
    abbreviations_path: str | Path | None = None, bullets_path: str | Path | None = None
) -> SegmenterRules:
    """Read the abbreviation table and the bullet patterns (shipped ones by default)."""
    rows = read_table(resource_path("sentences/abbreviations.tsv", abbreviations_path), 2)
    kinds: dict[str, set[str]] = {"inner": set(), "final": set()}
    for abbreviation, kind in rows:
        if kind not in kinds:
            raise ResourceError(
                f"Abbreviation {abbreviation!r} has kind {kind!r}; use 'inner' or 'final'."
            )
        kinds[kind].add(abbreviation.lower())
    bullets = read_patterns(resource_path("sentences/bullets.txt", bullets_path))
    return SegmenterRules(frozenset(kinds["inner"]), frozenset(kinds["final"]), tuple(bullets))


@dataclass
class _Line:
    """The content tokens of one line: [first, end) token indices."""

    first: int
    end: int
    after_blank: bool


@Language.factory(
    "sentiment_sentences",
    default_config={
        "abbreviations_path": None,
        "bullets_path": None,
        "heading_max_tokens": 12,
        "max_sentence_tokens": MAX_SENTENCE_TOKENS,
    },
    assigns=["token.is_sent_start"],
)
def make_sentence_segmenter(
    nlp: Language,
    name: str,
    abbreviations_path: str | None,
    bullets_path: str | None,
    heading_max_tokens: int,
    max_sentence_tokens: int,
) -> SentenceSegmenter:
    """Build the note-aware segmenter (see :class:`SentenceSegmenter`)."""
    rules = load_rules(abbreviations_path, bullets_path)
    return SentenceSegmenter(
        name,
        rules,
        heading_max_tokens=heading_max_tokens,
        max_sentence_tokens=max_sentence_tokens,
    )


class SentenceSegmenter:
    """Sets ``is_sent_start`` on every token from rules over tokens and lines."""

    def __init__(
        self,
        name: str,
        rules: SegmenterRules,
        *,
        heading_max_tokens: int = 12,
        max_sentence_tokens: int = MAX_SENTENCE_TOKENS,
    ) -> None:
        self.name = name
        self.rules = rules
        self.heading_max_tokens = heading_max_tokens
        self.max_sentence_tokens = max_sentence_tokens

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.predict(doc))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Segment docs in batches (the rules are per doc; batching keeps the API uniform)."""
        for docs in minibatch(stream, size=batch_size):
            for doc in docs:
                self.set_annotations(doc, self.predict(doc))
                yield doc

    def set_annotations(self, doc: Doc, starts: list[bool]) -> None:
        """Write the boundaries: every token gets a definite start / not-start."""
        if not len(doc):
            return
        values = numpy.array([1 if s else -1 for s in starts], dtype="int64")
        doc.from_array([SENT_START], values.astype("uint64"))

    # -- prediction -------------------------------------------------------------------

    def predict(self, doc: Doc) -> list[bool]:
        """One boolean per token: does a sentence start here?"""
        starts = [False] * len(doc)
        if not starts:
            return starts
        starts[0] = True
        text = doc.text  # Doc.text joins every token: build it once, not per line
        lowercase_doc = text == text.lower()
        lines = _lines(doc)
        after_bullet = False  # the line before was a bullet item
        for number, line in enumerate(lines):
            marker_end = self._bullet_marker_end(doc, text, line)
            turn = number and self._turn(text, doc[line.first].idx)
            if number and (line.after_blank or marker_end is not None or turn):
                starts[line.first] = True  # a blank line, a bullet, a speaker's label
            elif after_bullet and _ends_item(doc, lines[number - 1], line):
                starts[line.first] = True  # "- Renewal spreads held\nWe reiterate Buy."
            after_bullet = marker_end is not None
            self._mark_terminals(doc, line, marker_end, lowercase_doc, starts)
            begins = number == 0 or starts[line.first]
            nxt = lines[number + 1] if number + 1 < len(lines) else None
            if nxt is not None and begins and self._is_heading(doc, line, nxt):
                starts[nxt.first] = True
            elif nxt is not None and begins and _label_lines(doc, line, nxt):
                starts[nxt.first] = True  # "Kroger (KR): Evercore to $68 from $64\nZoetis ..."
        self._cut_overlong(doc, starts)
        return starts

    def _cut_overlong(self, doc: Doc, starts: list[bool]) -> None:
        """Cut sentences of more than ``max_sentence_tokens`` word tokens (see the module
        docstring): at the piece's last line break, else its last soft break, when that
        lies in the piece's second half; else at the limit."""
        cap = self.max_sentence_tokens
        count = 0  # word tokens in the current piece
        breaks: dict[str, int] = {}  # "line" / "punct" -> the token after the last such break
        after: str | None = None  # the kind of break right before the next word token
        for i, token in enumerate(doc):
            if token.is_space:
                after = "line" if "\n" in token.text else after
                continue
            if starts[i]:
                count, breaks = 0, {}
            elif after is not None:
                breaks[after] = i
            if count >= cap:
                cut = next((breaks[k] for k in ("line", "punct") if k in breaks), i)
                cut = cut if _words_between(doc, cut, i) <= cap // 2 else i
                starts[cut] = True
                count, breaks = _words_between(doc, cut, i), {}
            count += 1
            after = (
                "line"
                if "\n" in token.whitespace_
                else "punct"
                if token.text in SOFT_BREAKS
                else None
            )

    @staticmethod
    def _turn(text: str, start: int) -> bool:
        """Does the line at ``start`` open a call transcript's turn with a speaker's label
        ("Q (UBS):", "CFO:")? Then the line before ends there, punctuated or not."""
        return default_words().speaker(text[start : start + 120]) is not None

    def _bullet_marker_end(self, doc: Doc, text: str, line: _Line) -> int | None:
        """The char offset where a bullet marker ends, or None for a plain line."""
        start = doc[line.first].idx
        line_text = text[start : doc[line.end - 1].idx + len(doc[line.end - 1])]
        for pattern in self.rules.bullets:
            match = pattern.match(line_text)
            if match:
                return start + match.end()
        return None

    def _mark_terminals(
        self, doc: Doc, line: _Line, marker_end: int | None, lowercase_doc: bool, starts: list[bool]
    ) -> None:
        """Start a sentence after each token of the line that ends one."""
        for i in range(line.first, line.end):
            token = doc[i]
            if marker_end is not None and token.idx < marker_end:
                continue
            kind = self._ending_kind(token)
            if kind is None:
                continue
            following = _next_content(doc, _skip_closers(doc, i + 1))
            if following < len(doc):
                starts[following] |= self._boundary_before(doc, kind, i, following, lowercase_doc)

    def _ending_kind(self, token: Token) -> str | None:
        """'hard' (., !, ?), 'final' (an abbreviation that may end a sentence) or None."""
        text = token.text
        if text in (".", "!"):  # "approx.", and "Yum!" in "Yum! Brands"
            kind = self._abbreviation_kind(_glued_word(token) + text)
        elif _INITIAL.match(text):
            kind = "final" if _starts_word(token) else None  # "J. P. Morgan", not "Q/Q."
        elif len(text) > 1 and text.endswith(".") and any(c.isalpha() for c in text):
            kind = self._abbreviation_kind(text)
        elif text in TERMINALS:
            kind = None
        else:
            return None
        return _ENDING_BY_KIND[kind]

    def _abbreviation_kind(self, text: str) -> str | None:
        """The kind of an abbreviation with its period, or None if it is not one."""
        lowered = text.lower()
        if lowered in self.rules.inner:
            return "inner"
        if lowered in self.rules.final or _LETTER_PAIRS.match(text):
            return "final"
        return None

    def _boundary_before(self, doc: Doc, kind: str, end: int, i: int, lowercase_doc: bool) -> bool:
        """Does the sentence ended by token ``end`` really end before token ``i``?"""
        nxt = doc[i]
        crosses_line = any("\n" in doc[j].text for j in range(end + 1, i) if doc[j].is_space)
        if nxt.text[0] in ",;:)]}%" or nxt.text in TERMINALS:
            return False
        if nxt.lower_ in ("'s", "\u2019s") and not doc[end].whitespace_:
            return False  # "Nike Inc.'s turnaround": a possessive, not a quote opening
        if crosses_line:
            return True
        if nxt.text[0].islower() and not lowercase_doc and not _CAMEL_NAME.match(nxt.text):
            return False  # not "eBay (EBAY) lost buyers", a name that opens in lower case
        if kind == "final":
            opens = nxt.is_title and nxt.is_stop and not _INITIAL.match(nxt.text)
            return opens or nxt.text[0] in "\"'\u201c"
        return True

    def _is_heading(self, doc: Doc, line: _Line, nxt: _Line) -> bool:
        """A short line that ends without punctuation (and is not cut mid-phrase)."""
        if line.end - line.first > self.heading_max_tokens:
            return False
        last, first_next = doc[line.end - 1], doc[nxt.first]
        if last.text in TERMINALS or last.text in CONTINUERS or last.is_stop:
            return False
        if last.text.endswith(".") and last.text[0].isalpha():
            return False
        return not first_next.text[0].islower()


LABEL_REACH = 8  # how far into a line its label's colon may stand ("Axon Enterprise (AXON):")


def _label_lines(doc: Doc, line: _Line, nxt: _Line) -> bool:
    """Two lines in a row each headed by a label ("Kroger (NYSE:KR): Evercore ISI to $68"), the
    first ending without punctuation: items of a list, each its own sentence."""
    last = doc[line.end - 1]
    if last.text in TERMINALS or last.text in CONTINUERS:
        return False
    return all(
        any(
            doc[i].text.endswith(":")
            for i in range(each.first + 1, min(each.end - 1, each.first + LABEL_REACH))
        )
        for each in (line, nxt)
    )


def _words_between(doc: Doc, first: int, end: int) -> int:
    """The number of word (non-space) tokens in ``doc[first:end]``."""
    return sum(not doc[j].is_space for j in range(first, end))


def _lines(doc: Doc) -> list[_Line]:
    """The lines of a doc as token ranges of content (non-space) tokens."""
    lines: list[_Line] = []
    first: int | None = None
    blank_before = True
    for token in doc:
        if token.is_space:
            if first is not None and "\n" in token.text:
                lines.append(_Line(first, token.i, blank_before))
                first, blank_before = None, token.text.count("\n") > 1
            elif "\n" in token.text:
                blank_before = True
            continue
        if first is None:
            first = token.i
        if "\n" in token.whitespace_:
            lines.append(_Line(first, token.i + 1, blank_before))
            first, blank_before = None, False
    if first is not None:
        lines.append(_Line(first, len(doc), blank_before))
    return lines


def _skip_closers(doc: Doc, i: int) -> int:
    """The index after closing quotes/brackets glued to the token before ``i``."""
    while i < len(doc) and doc[i].text in CLOSERS and not doc[i - 1].whitespace_:
        i += 1
    return i


def _next_content(doc: Doc, i: int) -> int:
    """The index of the first non-space token at or after ``i`` (``len(doc)`` if none)."""
    while i < len(doc) and doc[i].is_space:
        i += 1
    return i


def _starts_word(token: Token) -> bool:
    """Is ``token`` preceded by a space (or the start), so not the tail of "Q/Q."?"""
    return token.i == 0 or bool(token.doc[token.i - 1].whitespace_)


def _glued_word(token: Token) -> str:
    """The alphabetic token written right before ``token`` ("approx" in "approx."), or ''."""
    if token.i == 0:
        return ""
    before = token.doc[token.i - 1]
    return before.text if not before.whitespace_ and before.text[-1:].isalpha() else ""


def _ends_item(doc: Doc, item: _Line, line: _Line) -> bool:
    """Does a bullet ``item`` end at its line, before ``line``? Yes unless the item's last
    token carries on (a comma, a dash) or ``line`` starts in lower case (a wrapped item)."""
    last, first = doc[item.end - 1], doc[line.first]
    return last.text not in CONTINUERS and first.text[:1].isupper()
