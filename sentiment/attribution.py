"""Which ticker(s) each sentence of a note is about: named, or by reference.

Plain functions over the sentences' texts and the symbols each one names (no spaCy), so the
rules can be read and tested alone. A sentence is linked to a ticker

* ``direct``: it names the ticker (in a call transcript's question turn, "Analyst (Citi):
  ...", with the cue ``question``: an analyst's words, not the company's);
* ``pronoun`` / ``noun`` / ``management``: it names none, but says "it", "its", "the
  company", "the shares", "management"... and the nearest earlier sentence that names a
  ticker (at most :data:`REACH` sentences back) names one only, or names the note's subject
  (a sentence that opens with such a reference is about the company before it, whatever it
  names: "Management blamed late deliveries of Nvidia's GPUs. The shares fell.");
  a sentence naming other companies ("Morgan Stanley said the company...") is also linked to
  the note's subject by a ``noun`` or ``management`` reference;
* ``opening``: in a note with no subject, a sentence naming other companies that opens with
  a noun or ``management`` reference is about the one company of the nearest naming sentence
  ("The fund has now lagged the Financial Select Sector SPDR (XLF)"); the companies it names
  are not made passers-by for it, as the subject's references make them;
* ``we``: a "we"/"our" statement (the author's view) in a note about one company, or, in a
  note with no one subject, about the one company its first sentence names (the author's
  call is on the company the note opens with: "Our checks on Deere (DE) were better than we
  feared. ... We reiterate Buy. CNH Industrial (CNH) looks more exposed.");
* ``speaker``: a "we"/"our" statement in a call transcript's answer, whose speaker label
  names the company ("CFO, Polaris: ... we are cutting shipments"), even where the sentence
  names another ("well ahead of Schwab's 4%"); the labels are data
  (``resources/attribution/speakers.tsv``);
* ``both``: it names none, but says "both", "neither" or "either way", and the nearest
  earlier sentence that names tickers (within :data:`REACH`) names two or three, or else the
  note has named two or three so far: it is about each of them ("Both charge 0.03%", "We see
  no edge either way");
* ``former`` / ``latter``: it names none, but says "the former" or "the latter", and the
  nearest earlier sentence that names tickers (within :data:`REACH`) names two: it is about
  the first or the second ("Molson Coors and Constellation Brands both reported. The former
  beat on margins.");
* ``same``: a short sentence (at most :data:`SAME_AT_MOST` words) names a new ticker only to
  say the story before holds for it too ("Sold $EL. ... It had not. Same goes for $COTY.",
  "$DOCU same story"; not "not the same story"): the sentences about the ticker the note opens
  with (else those from the nearest earlier naming sentence on, about one of its tickers) are
  about it too, and the short sentence itself counts :data:`SAME_OWN_WEIGHT` for it;
* ``heading``: it sits under a heading or a list's lead line ("Chipotle (CMG):") that names
  one ticker, or, in a note with no subject, goes on with a bullet that opens by naming one
  ("- JPMorgan (JPM): NII guide raised again. Top pick.");
* ``subject``: any other sentence of a note about one company.

The reference words are data (``resources/attribution/references.tsv``). A link never goes to
a ticker the note does not name: every antecedent is a symbol some sentence names. Each link
has a weight: 1 for a direct mention, less for the less certain kinds (:data:`LINK_WEIGHTS`,
chosen on the validation split of ``corpora/notes`` with ``evaluation/evaluate_notes.py``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from functools import lru_cache
from pathlib import Path

from sentiment.errors import ResourceError
from sentiment.results import Link
from sentiment.wordlists import PhraseIndex, phrase_key, read_lines, read_table, resource_path

METHODS = (
    "direct",
    "pronoun",
    "noun",
    "management",
    "we",
    "speaker",
    "both",
    "former",
    "latter",
    "same",
    "heading",
    "subject",
)
# How much a linked sentence counts beside a directly naming one (chosen on validation,
# reports/notes.md).
LINK_WEIGHTS = {
    "direct": 1.0,
    "pronoun": 0.75,
    "noun": 0.75,
    "management": 0.75,
    "we": 0.75,
    "speaker": 0.75,
    "both": 0.75,
    "former": 0.75,
    "latter": 0.75,
    "same": 0.75,
    "heading": 0.75,
    "opening": 0.75,
    "subject": 0.25,
}
# The cue of a direct link in a transcript's question turn ("Analyst (Citi): ... T-Mobile and
# AT&T were both aggressive on promotions"): the analyst's words, shown with the evidence.
QUESTION = "question"
# The references a sentence naming only sources makes to the company before it ("Morgan Stanley
# upgraded the stock to Overweight").
_SHARES = re.compile(r"\b(?:stock|shares)\b", re.I)
# What may stand before a sentence's first word: a bullet, a quote, a bracket.
_OPENERS = " \t\n-*\u2022\u2013\"'\u201c("
# From how many sentences a ticker first named in a note's last sentence is a closing aside,
# not a rival subject (note_subject).
CLOSING_ASIDE_FROM = 3
# How many sentences back a pronoun or noun may find its company.
REACH = 3
# The most tickers a "both" sentence is about ("both", "neither": two, at most three).
BOTH_AT_MOST = 3
# The lead: a note's subject is named within its first LEAD sentences.
LEAD = 2
# "the former" and "the latter": which of the two tickers of the nearest naming sentence.
_ORDINALS = {"former": 0, "latter": 1}
# How much a ``same`` sentence counts for the ticker it names ("Same goes for $COTY"): its
# words carry the view before, not one of their own.
SAME_OWN_WEIGHT = 0.0
# The most words of a ``same`` sentence ("$PII same story on the powersports side"); a longer
# one says something of its own ("$DE still stuck in the mud with ag orders down, $AGCO same
# story").
SAME_AT_MOST = 8
# Words that deny a ``same`` link right before it ("not the same story", "can't say the same").
_NOT_SAME = re.compile(r"(?:\bnot|n't|\bnever|\bno)\s+(?:\w+\s+){0,3}?(?:the\s+)?$", re.I)
# The method of words that hold a reference but make none ("across the board").
NONE = "none"
# References after which a named ticker is an aside (named_after_reference).
_ASIDE_AFTER = ("noun", "management")
_OF = re.compile(r"\s+(?:of|at)\b", re.I)
# A closing source line: "(Excerpt, Trex Company (TREX) call)", "(SentinelOne (S) fiscal
# second-quarter call)".
_SOURCE_LINE = re.compile(
    r"\((?:[^()]|\([^()]*\))*\b(?:call|transcript|conference)\)[.\"']*"
    # a transcript's closing label line: "- Marriott International (MAR) Q3 call", "[Ally
    # Financial (ALLY) Q3 2025 earnings call]", "- American Airlines Group (NASDAQ: AAL), Q3 call"
    r"|(?:[-\u2013\u2014]\s*|\[)[^()\[\]\n]{1,80}\((?:[A-Z]+:\s*)?[A-Z][A-Z.\-]{0,6}\),?"
    r"\s+[^()\[\]\n]{0,30}?\b(?:Q[1-4]|[1-4]Q|F[1-4]Q|quarter|earnings|conference|investor"
    r"|fiscal|FY\d*|20\d\d)\b[^()\[\]\n]{0,20}?\b(?:call|transcript)"
    r"(?:\s+(?:excerpts?|transcript|remarks))?\]?\.?",
    re.IGNORECASE,
)
# A note headed by its company's name and symbol alone: "Hubbell (HUBB).", "Cava Group (CAVA):",
# "Bank of America (BAC)."; not a statement ending with one ("We remain Underweight on
# Paramount Global (PARA).", "Sell Ally Financial (ALLY).").
_TITLE_LINE = re.compile(
    r"(?!(?i:sell|buy|long|short|avoid|own|add|trim|exit|hold|upgrade|downgrade|initiate|initiating"
    r"|reiterate|reiterating|starting|start)\b)"
    r"[A-Za-z0-9][\w&.,'\u2019!-]*(?:\s+(?:[A-Z0-9&][\w&.,'\u2019!-]*|of|and|the|de|du|la|des|von|van))"
    r"{0,6}\s*\([A-Z][A-Z.\-]{0,6}\)[.:]?"
)
# A note's label line opening with its company's name: "Verizon Communications: a mixed
# quarter.", "Pfizer (PFE): What the obesity deal buys" (read where that line names one ticker).
_LABEL_NAME = r"[A-Z][\w&.,'\u2019-]*(?:\s+[A-Z][\w&.,'\u2019-]*){0,4}"
_LABEL_SYMBOL = r"\s+\([A-Z][A-Z.\-]{0,6}\)"
_LABEL_HEAD = re.compile(rf"{_LABEL_NAME}(?:{_LABEL_SYMBOL})?:(?:\s|$)")
# The same label with its company's symbol, opening a sentence that names others too:
# "Constellation Energy (CEG): the Microsoft power purchase agreement is the template" is
# about Constellation.
_SYMBOL_LABEL = re.compile(rf"{_LABEL_NAME}{_LABEL_SYMBOL}:\s")
# A call transcript's title: "Carlisle Companies (CSL) Q2 call excerpt.", "Intel 4Q call: notes",
# "Centene (CNC) - Q2 earnings call, Q&A", "Progressive - 2Q conference call (edited)"
_CALL_TITLE = re.compile(
    r"[^!?\n]{0,80}?\b(?:[1-4]Q|Q[1-4]|F[1-4]Q|(?:first|second|third|fourth)[- ]quarter"
    r"|fiscal\s+(?:Q[1-4]|[1-4]Q)|earnings)\s+(?:earnings\s+)?(?:conference\s+)?call"
    r"(?:,?\s+(?:Q&A\s+)?(?:excerpts?|transcript|notes|highlights|takeaways)"
    r"|\s+\((?:excerpts?|edited)\)|,\s*Q&A|,\s*(?:CEO|CFO|management)\s+(?:remarks|comments))?"
    r"(?::\s*(?:excerpts?|transcript|notes|highlights|takeaways)|\s*[-\u2013\u2014]\s*Q&A)?[.:]?",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2013\u25aa]|\d{1,2}[.)])\s+")
_REFERENCES = "attribution/references.tsv"
_HOUSE = "house"  # references.tsv's mark of words that name a broker as often as a company
_SPEAKERS = "attribution/speakers.tsv"
_COURTESIES = "attribution/courtesies.txt"


class ReferenceWords:
    """The words that refer to a company named elsewhere, by method, and the speaker labels
    of call transcripts."""

    def __init__(
        self,
        path: str | Path | None = None,
        speakers: str | Path | None = None,
        courtesies: str | Path | None = None,
    ) -> None:
        rows = read_table(resource_path(_REFERENCES, path), 2, 3)
        self.methods = {phrase_key(row[0]): row[1] for row in rows}
        self.index = PhraseIndex(row[0] for row in rows)
        marks = {row[2] for row in rows if len(row) == 3}
        if marks - {_HOUSE}:
            raise ResourceError(f"{_REFERENCES}: unknown marks {sorted(marks - {_HOUSE})}")
        self.houses = frozenset(phrase_key(row[0]) for row in rows if row[2:] == [_HOUSE])
        labels = read_table(resource_path(_SPEAKERS, speakers), 2)
        by_kind = {
            kind: "|".join(re.escape(label) for label, k in labels if k == kind)
            for kind in ("answer", "question", "operator")
        }
        self.courtesies = frozenset(
            _spoken(line) for line in read_lines(resource_path(_COURTESIES, courtesies))
        )
        self.operator = re.compile(rf"^\W*(?:{by_kind['operator']})\b[^:\n]{{0,80}}:")
        # "CFO, Polaris:", "Jane Roe, CFO, Polaris:", "CEO:", "CEO Jensen Huang:", "A (CEO):",
        # "A - Chief Executive Officer:", "ODFL CEO:"; "Analyst (Citi):", "Operator:"
        self.answer = re.compile(
            r"^\W*(?:A\s*(?:[-\u2013\u2014]\s*|\(\s*))?(?:[A-Z]{2,5}\s+)?"
            rf"(?:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){{0,3}},\s*)?(?:{by_kind['answer']})"
            r"\)?(?:[,\s][^:\n]{1,80})?:"
        )
        # (a "Q" label, not "Q&A, Kimberly-Clark (KMB) call:", a title)
        self.question = re.compile(
            rf"^\W*(?:{by_kind['question']}|{by_kind['operator']})\b(?!&)[^:\n]{{0,80}}:"
        )
        # an answer label of a title alone ("CFO:", "A (CEO):"), naming no company
        self.bare_answer = re.compile(
            rf"^\W*(?:A\s*(?:[-\u2013\u2014]\s*|\(\s*))?(?:{by_kind['answer']})\)?\s*:"
        )

    def find(self, sentence: str) -> list[tuple[str, str]]:
        """(method, words as written) of each reference in ``sentence``, in order (words of
        method ``none``, "across the board", hold one but make none)."""
        found = [(self.methods[m.key], m.text) for m in self.index.find(sentence)]
        return [(method, text) for method, text in found if method != NONE]

    def names_a_house(self, words: str) -> bool:
        """Do the reference ``words`` ("the firm") name a note's broker as often as a company?"""
        return phrase_key(words) in self.houses

    def speaker(self, sentence: str) -> str | None:
        """``answer`` when ``sentence`` opens with a company speaker's label ("CFO,
        Polaris:"), ``question`` with another's ("Analyst (Citi):"), else None."""
        if self.answer.match(sentence):
            return "answer"
        return "question" if self.question.match(sentence) else None

    def is_formality(self, sentence: str) -> bool:
        """A transcript line that says nothing about a company: the operator's ("Operator:
        Our next question is from ...") or a courtesy, after any speaker's label ("Analyst:
        Great, thanks.")."""
        if self.operator.match(sentence):
            return True
        label = self.answer.match(sentence) or self.question.match(sentence)
        return _spoken(sentence[label.end() if label else 0 :]) in self.courtesies


def _spoken(text: str) -> str:
    """Words as said, for comparing: lower case, one space, no closing punctuation."""
    return " ".join(text.lower().split()).rstrip(" .!?")


@lru_cache(maxsize=1)
def default_words() -> ReferenceWords:
    """The shipped reference words, read once."""
    return ReferenceWords()


def named_after_reference(
    sentence: str, mentions: Sequence[tuple[str, int]], words: ReferenceWords | None = None
) -> set[str]:
    """The symbols ``sentence`` names only after a noun or management reference to a company
    named before it ("Volumes fell 4%, and management now expects the McDonald's value menu to
    help traffic"): asides there, no antecedent for a later "the stock". ``mentions``:
    (symbol, offset in the sentence). None when a ticker is named before the reference (the
    one it refers to), nor after "shares of" or "management at", which name the company."""
    words = words or default_words()
    cue = next((w for m, w in words.find(sentence) if m in _ASIDE_AFTER), None)
    if cue is None:
        return set()
    at = sentence.lower().find(cue.lower())
    if at < 0 or _OF.match(sentence, at + len(cue)) or any(start < at for _, start in mentions):
        return set()
    return {symbol for symbol, _ in mentions}


# The references that point back to the company named before ("the company", "its").
_BACK = frozenset({"noun", "management", "pronoun"})


def note_subject(
    named: Sequence[Sequence[str]],
    passers: Sequence[Collection[str]] | None = None,
    opened: str | None = None,
    sentences: Sequence[str] | None = None,
) -> str | None:
    """The one company a note is about, or None.

    It is the only ticker named in the first sentence that names any, that sentence is in
    the lead (the first :data:`LEAD` sentences) or the note names no other company (a
    transcript excerpt whose speaker line comes after the question), and it is named in more
    sentences than any other (on validation, letting a tie count when it leads the note's
    first sentence lost more than it gained). A ticker first seen in the last sentence (a
    footnote, a source line) or a table at the end is no subject when it is not in the lead,
    nor is the first of a list of equals (a dividend round-up). ``passers[i]``: the
    symbols sentence ``i`` names only in passing (a source, a counterparty); they are not
    counted, nor, in a note of :data:`CLOSING_ASIDE_FROM` sentences or more, those first named
    in its last one ("The stock is now one of the largest weights in the Invesco QQQ Trust
    (QQQ)."). ``opened``: the ticker whose rating or target action opens the note ("We
    downgrade Comerica (CMA) to Neutral"); it is the subject when no other is named more
    (a tie is enough: a rating note is about the company it rates). Given the note's
    ``sentences``, a closing source line naming one ticker ("(Excerpt, Toast (TOST)
    second-quarter call)", :func:`is_source_line`) makes that ticker the subject: the
    transcript is its company's. Sentences that follow its first naming sentence, name no
    ticker and open by referring back ("The company booked its first orders") count for it.
    """
    named = counted_symbols(named, passers)
    if sentences is not None:  # an analyst's label and question name no subject
        words = default_words()
        named = [[] if words.speaker(t) == "question" else n for n, t in zip(named, sentences)]
    if sentences is not None and named and len(set(named[-1])) == 1:
        if is_source_line(sentences[-1]):
            return named[-1][0]  # "(Excerpt, Toast (TOST) second-quarter call)"
    first = next((i for i, symbols in enumerate(named) if symbols), None)
    if first is None:
        return None
    labelled = first == 0 and sentences is not None and _SYMBOL_LABEL.match(sentences[0].strip())
    if len(set(named[first])) != 1 and not labelled:
        return None
    subject = named[first][0]
    only = all(s == subject for symbols in named for s in symbols)
    if first >= LEAD and not (only and first < len(named) - 1):
        return None
    counts = Counter(symbol for symbols in named for symbol in set(symbols))
    if len(named) >= CLOSING_ASIDE_FROM:
        for symbol in set(named[-1]) - {s for symbols in named[:-1] for s in symbols}:
            counts[symbol] = 0  # first named in the last sentence: a closing aside
    most = counts[subject] + (1 if subject == opened else 0)
    if sentences is not None:
        most += referred_after(named, sentences, first)
        # a note headed by the company's name alone ("Hubbell (HUBB).") or as its label
        # ("Verizon Communications: a mixed quarter.", "Pfizer (PFE): What the deal buys") is
        # about it
        head = sentences[0].strip() if first == 0 else ""
        most += bool(_TITLE_LINE.fullmatch(head) or _LABEL_HEAD.match(head))
    if any(n >= most for symbol, n in counts.items() if symbol != subject):
        return None
    return subject


def referred_after(named: Sequence[Sequence[str]], sentences: Sequence[str], first: int) -> int:
    """How many sentences right after sentence ``first`` name no ticker and refer back to a
    company ("The company booked its first large orders", "Its Beti push ..."): they are
    about the one ticker of that sentence, and count for it as a subject."""
    words = default_words()
    count = 0
    for symbols, sentence in zip(named[first + 1 :], sentences[first + 1 :]):
        opener = next((w for m, w in words.find(sentence) if m in _BACK), None)
        if symbols or not opener or not sentence.lstrip(_OPENERS).startswith(opener):
            break
        count += 1
    return count


def counted_symbols(
    named: Sequence[Sequence[str]], passers: Sequence[Collection[str]] | None
) -> list[list[str]]:
    """The symbols of each sentence less those it names only in passing."""
    if passers is None:
        return [list(symbols) for symbols in named]
    return [[s for s in symbols if s not in out] for symbols, out in zip(named, passers)]


def is_source_line(sentence: str) -> bool:
    """A line in brackets citing a call or transcript as its source ("(Albemarle (ALB)
    third-quarter call)")."""
    return bool(_SOURCE_LINE.fullmatch(sentence.strip()))


def is_title_line(sentence: str) -> bool:
    """A note's label line, not a statement: its company's name and symbol alone ("Hubbell
    (HUBB).") or a call transcript's title ("Dutch Bros (BROS) Q2 call excerpt.")."""
    text = sentence.strip()
    return bool(_TITLE_LINE.fullmatch(text) or _CALL_TITLE.fullmatch(text))


def is_heading(sentence: str) -> bool:
    """A heading or a list's lead line: one short line with no closing full stop, or one
    ending in a colon ("Key figures:", "Chipotle (CMG): downgrade to Neutral")."""
    text = sentence.strip()
    if "\n" in text or not text or _BULLET.match(text):
        return False
    return text.endswith(":") or (len(text) <= 120 and text[-1] not in ".!?;,\"'")


def attribute(
    sentences: Sequence[str],
    named: Sequence[Sequence[str]],
    *,
    passers: Sequence[Collection[str]] | None = None,
    opened: str | None = None,
    words: ReferenceWords | None = None,
    weights: dict[str, float] | None = None,
    asides: Sequence[Collection[str]] | None = None,
    evens: Sequence[str | None] | None = None,
    acts: Sequence[str | None] | None = None,
) -> list[tuple[Link, ...]]:
    """The links of each sentence (``sentences[i]`` names the symbols ``named[i]``, in order).

    Direct links come first; a sentence gets at most one link per symbol. ``passers[i]``
    are the symbols sentence ``i`` names only in passing (a quoted broker, a customer): they
    keep their direct link, but no reference points back to them and they make no subject;
    ``asides[i]`` (:func:`named_after_reference`) are no antecedents either, but count for
    the subject; ``evens[i]``, ``acts[i]``: see :meth:`Linker.links`; ``opened``: see
    :func:`note_subject`.
    """
    if len(sentences) != len(named) or (passers is not None and len(passers) != len(named)):
        raise ValueError(f"{len(sentences)} sentences but {len(named)} lists of symbols")
    subject = note_subject(named, passers, opened, sentences)
    linker = Linker(subject, words=words, weights=weights)
    antecedents = counted_symbols(named, passers)
    if asides is not None:
        antecedents = counted_symbols(antecedents, asides)
    return linker.links(sentences, named, antecedents, evens, acts)


class Linker:
    """:func:`attribute` a piece at a time: the sentences of a long note in chunks, in
    order, with the note's ``subject`` decided by the caller (:func:`note_subject` needs
    the whole note). It carries what links across pieces: the latest heading's ticker, the
    latest naming sentence and the sentences' place in the note."""

    def __init__(
        self,
        subject: str | None,
        *,
        words: ReferenceWords | None = None,
        weights: dict[str, float] | None = None,
    ) -> None:
        self.subject = subject
        self.words = words or default_words()
        self.weights = {**LINK_WEIGHTS, **(weights or {})}
        self.section: str | None = None  # the one ticker of the latest heading
        self.bullet: str | None = None  # the one ticker the current bullet opened with
        self.speaker: str | None = None  # the company answering in a call transcript
        self.asking = False  # in an analyst's (or the operator's) turn of a transcript
        self.last: tuple[int, tuple[str, ...]] | None = None  # latest naming sentence
        self.seen: dict[str, None] = {}  # the tickers named so far, in order (antecedents)
        self.lead: str | None = None  # the one ticker the note's first sentence names
        self.index = 0  # the next sentence's place in the note

    def links(
        self,
        sentences: Sequence[str],
        named: Sequence[Sequence[str]],
        antecedents: Sequence[Sequence[str]],
        evens: Sequence[str | None] | None = None,
        acts: Sequence[str | None] | None = None,
    ) -> list[tuple[Link, ...]]:
        """The links of the next ``sentences`` (``named[i]``: the symbols sentence ``i``
        names; ``antecedents[i]``: those of them a reference may point back to;
        ``evens[i]``: the cue of an even verdict the sentence states, "Either works for parking
        cash", which makes a sentence naming no ticker a ``both`` one; ``acts[i]``: the cue of
        the author's own action the sentence states with no reference word, "Buying some.",
        which links it to the note's subject as surely as "we" would)."""
        subject, weights = self.subject, self.weights
        result = []
        for i, (sentence, symbols) in enumerate(zip(sentences, named), start=self.index):
            symbols = tuple(dict.fromkeys(symbols))
            references = self.words.find(sentence)
            label = self.words.speaker(sentence)
            if label is not None:
                # "CFO, Polaris:" answers for Polaris; a bare "CFO:" for the note's subject,
                # whoever the answer names ("CFO: We're aware of Medtronic's launch")
                titled = symbols and not self.words.bare_answer.match(sentence)
                self.speaker = (symbols[0] if titled else subject) if label == "answer" else None
                self.asking = label == "question"
            asked = QUESTION if self.asking else ""  # named in someone else's question
            links = [Link(s, "direct", weights["direct"], asked) for s in symbols]
            counted = tuple(dict.fromkeys(antecedents[i - self.index]))  # not passers-by
            same = _same_cue(sentence, references) if symbols and not self.asking else None
            carried = (
                same
                and counted
                and _carry_same(result, self.index, self.last, self.lead, counted, same, weights)
            )
            if carried:
                result[:] = carried
                links = [
                    Link(link.symbol, "direct", SAME_OWN_WEIGHT, same)
                    if link.symbol in counted
                    else link
                    for link in links
                ]
            bullet = _BULLET.match(sentence)
            self.seen.update(dict.fromkeys(counted))
            if i == 0 and label != "question" and len(set(antecedents[0])) == 1:
                self.lead = antecedents[0][0]
            if bullet or symbols:
                self.bullet = counted[0] if bullet and len(counted) == 1 else None
            if symbols:
                about = _link_to(subject, symbols, references, weights, ("noun", "management"))
                links += about
                links += _link_to(self.speaker, symbols, references, weights, ("we",), "speaker")
                method, opener = next(
                    ((m, w) for m, w in references if m in ("noun", "management", "pronoun")),
                    (None, None),
                )
                if opener and sentence.lstrip(_OPENERS).lower().startswith(opener.lower()):
                    # "Management blamed late deliveries of Nvidia's GPUs.": about the company
                    # before, which "the shares" next still refers to
                    if not about and subject is None and method != "pronoun":
                        # "The fund has lagged XLF by nine points.": the company before
                        about = [
                            Link(link.symbol, "opening", weights["opening"], link.cue)
                            for link in _reference_links(
                                i, self.last, None, None, [(method, opener)], weights
                            )
                            if link.symbol not in symbols
                        ]
                        links += about
                    if about:
                        self.last = (i, (about[0].symbol,))
                elif counted and not self.asking:
                    # a company named in an analyst's question is no antecedent for what the
                    # call's company says next ("Bunge just raised its guidance. Why are you
                    # more cautious? ... Management cut EPS guidance")
                    self.last = (i, counted)
                elif subject is None:
                    # naming sources only: "Morgan Stanley upgraded the stock" is about the
                    # company before
                    nouns = [(m, w) for m, w in references if m == "noun" and _SHARES.search(w)]
                    links += [
                        link
                        for link in _reference_links(i, self.last, None, None, nouns, weights)
                        if link.symbol not in symbols
                    ]
            else:
                even = evens[i - self.index] if evens else None
                if even:
                    references = [("both", even), *references]
                found = _link_to(
                    self.speaker, (), references, weights, ("we",), "speaker"
                ) or _reference_links(
                    i, self.last, subject, self.section, references, weights, tuple(self.seen)
                )
                if not found and subject is None and self.bullet is not None:
                    # "- JPMorgan (JPM): NII guide raised again. Top pick.": the bullet's ticker
                    found = [Link(self.bullet, "heading", weights["heading"])]
                # the author's own call with no name ("Still Buy.") is on the note's subject;
                # with none, outside an analyst's turn, the author's call or "we" is on the
                # company the note opens with ("Our dealer checks on Deere (DE) were better
                # than we feared. ... We reiterate Buy. CNH Industrial (CNH) looks more
                # exposed"; where there is a subject, "we" has linked to it already)
                author = subject if subject is not None else None if self.asking else self.lead
                act = acts[i - self.index] if acts else None
                cue = act or next((w for m, w in references if m == "we"), None)
                if not found and author is not None and cue:
                    found = [Link(author, "we", weights["we"], cue)]
                if not found and subject is not None and i > 0:
                    found = [Link(subject, "subject", weights["subject"])]
                links += [link for link in found if link.weight > 0]
            if is_heading(sentence):
                self.section = symbols[0] if len(symbols) == 1 else None
                self.bullet = None
            result.append(tuple(links))
        self.index += len(result)
        return result


def _same_cue(sentence: str, references: list[tuple[str, str]]) -> str | None:
    """The words of a ``same`` reference in ``sentence``, a short one (at most
    :data:`SAME_AT_MOST` words: it says only that), not denied before them; else None."""
    if len(sentence.split()) > SAME_AT_MOST:
        return None
    for method, cue in references:
        if method != "same":
            continue
        at = sentence.lower().find(cue.lower())
        if at >= 0 and not _NOT_SAME.search(sentence, 0, at):
            return cue
    return None


def _carry_same(
    result: list[tuple[Link, ...]],
    offset: int,
    last: tuple[int, tuple[str, ...]] | None,
    lead: str | None,
    symbols: tuple[str, ...],
    cue: str,
    weights: dict[str, float],
) -> list[tuple[Link, ...]] | None:
    """The links of this piece's sentences so far (``result``, the first at ``offset`` in
    the note) with a ``same`` link to each of ``symbols``, named by the next sentence,
    added to every sentence about the ticker the note opens with (``lead``), or, where there
    is none (or it is one of ``symbols``), to every sentence from the nearest earlier naming
    sentence (``last``) on that is about one of that sentence's tickers; None where that
    sentence is not of this piece, names one of ``symbols``, or no link is added. The opening
    ticker counts only while the note is linked in one piece (``offset`` 0); a long note's
    later pieces carry the nearest naming sentence's story."""
    if last is None or last[0] < offset or set(symbols) & set(last[1]):
        return None
    if lead is not None and lead not in symbols and offset == 0:
        before, start = {lead}, 0  # the story the note opens with
    else:
        before, start = set(last[1]), last[0] - offset
    carried = list(result)
    for k in range(start, len(result)):
        have = {link.symbol for link in result[k]}
        if have & before:
            new = [Link(s, "same", weights["same"], cue) for s in symbols if s not in have]
            carried[k] = result[k] + tuple(new)
    return carried if carried != result else None


def _link_to(
    target: str | None,
    symbols: tuple[str, ...],
    references: list[tuple[str, str]],
    weights: dict[str, float],
    methods: tuple[str, ...],
    method: str | None = None,
) -> list[Link]:
    """A link to ``target``, which the sentence naming ``symbols`` does not name, by the
    sentence's first reference of one of ``methods``: the note's subject by "the company" or
    "management" in a sentence naming others ("Morgan Stanley said ... and the company
    warned ..."), the company answering in a call transcript by "we"/"our" (``method``
    ``speaker``). Its method is ``method``, else the reference's."""
    if target is None or target in symbols:
        return []
    cue = next(((m, w) for m, w in references if m in methods), None)
    if cue is None:
        return []
    how = method or cue[0]
    return [Link(target, how, weights[how], cue[1])]


def _reference_links(
    index: int,
    last: tuple[int, tuple[str, ...]] | None,
    subject: str | None,
    section: str | None,
    references: list[tuple[str, str]],
    weights: dict[str, float],
    seen: tuple[str, ...] = (),
) -> list[Link]:
    """The links of a sentence that names no ticker (none, one, or one per ticker of a
    "both" sentence: those of the nearest naming sentence, else, in a note that has named
    two or three so far (``seen``), those). In a note about one company (``subject``),
    "the shares" and "the stock" are that company's whoever was named last."""
    for method, cue in references:
        if method == "same":
            continue  # "Same story.": a new ticker's words only (Linker.links)
        if method == "we":
            if subject is not None:
                return [Link(subject, "we", weights["we"], cue)]
            continue
        if method == "both":
            pair = _pair(index, last) or (seen if 2 <= len(seen) <= BOTH_AT_MOST else ())
            if pair:
                return [Link(symbol, "both", weights["both"], cue) for symbol in pair]
            continue
        if method in _ORDINALS:
            pair = _pair(index, last)
            if len(pair) != 2:
                continue
            cues = {m: w for m, w in reversed(references) if m in _ORDINALS}  # each one's first
            if len(cues) == 2:  # "holders may prefer the former and traders the latter"
                return [Link(pair[i], m, weights[m], cues[m]) for m, i in _ORDINALS.items()]
            if any(m == "both" for m, _ in references):
                continue  # "the former has the edge on fees, but neither is better": each
            return [Link(pair[_ORDINALS[method]], method, weights[method], cue)]
        target = _antecedent(index, last, subject)
        if subject is not None and method == "noun" and _SHARES.search(cue):
            target = subject  # a one-company note's "the shares" are its company's
        if target is not None:
            return [Link(target, method, weights[method], cue)]
    if section is not None:
        return [Link(section, "heading", weights["heading"])]
    return []


def _pair(index: int, last: tuple[int, tuple[str, ...]] | None) -> tuple[str, ...]:
    """The tickers a "both" sentence is about: those of the nearest naming sentence within
    reach when it names two to :data:`BOTH_AT_MOST` (else none)."""
    if last is None or index - last[0] > REACH:
        return ()
    return last[1] if 2 <= len(last[1]) <= BOTH_AT_MOST else ()


def _antecedent(
    index: int, last: tuple[int, tuple[str, ...]] | None, subject: str | None
) -> str | None:
    """The company a pronoun or noun refers to: the one ticker of the nearest naming
    sentence within reach, else the note's subject when that sentence names it."""
    if last is None:
        return subject
    at, symbols = last
    if index - at > REACH:
        return subject
    if len(symbols) == 1:
        return symbols[0]
    return subject if subject in symbols else None
