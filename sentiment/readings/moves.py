"""Price moves: a ticker whose shares rose or fell in the sentence ("Axon rose 4%", "ZS
dropped on billings", "shares of Micron fell 6%", "Tractor Supply added 2%") has that side
there, whatever the rest of the sentence says ("XLP fell 1.5%, while XLY rose 1%"). The words
of a rise or a fall are the claims' (``claims/directions.tsv``); a move is read only where the
ticker is the one moving (right before the word, past "shares", "stock" or "was"), and the word
is followed by how far, when or why it moved. A small move ("down only 1%", "rose slightly")
and no move ("was flat", "little changed") read neutral. A fund's flows read as its move too
("IBIT took in $1.1 billion": ``readings/flows.tsv``)."""

from __future__ import annotations

import re
from collections.abc import Collection

from sentiment.readings.sentence import Sentence
from sentiment.readings.types import NEGATIVE, NEUTRAL, POSITIVE, Mention, Reading
from sentiment.readings.vocabulary import ReadingVocabulary

KIND = "move"
_EFFECTS = {"up": POSITIVE, "down": NEGATIVE, "flat": NEUTRAL}
# Between the ticker and the word of its move.
_MOVER = re.compile(
    r"(?:['\u2019]s)?(?:,\s+(?:however|meanwhile|though|too|also|by\s+contrast),)?"
    r"\s+(?:(?:shares|stock|ADRs|units)\s+)?(?:(?:each|both|all)\s+)?"
    r"(?:(?:were|was|is|are|have|has|had)\s+)?(?:(?:each|both|all)\s+)?"
    r"(?:(?:also|then|now|sharply|slightly|only|just)\s+)?"
    r"(?:(?:ended|closed|finished|traded|trading)\s+(?:the\s+(?:week|day|session|month)\s+)?)?",
    re.I,
)
# After the word: how far, when or why it moved; or the end of its clause.
_MOVED = re.compile(
    r"(?:\s+(?:by\s+)?(?:about\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+|another\s+|only\s+"
    r"|just\s+)?"
    r"\d[\d.,]*\s*(?:%|percent|pts?\b|points\b)"
    r"|\s+(?:on|after|in|as|to\s+a\s+record|to\s+record|premarket|pre-market|after-hours)\b"
    r"|\s+(?:again|today|into|ahead\s+of|this\s+(?:morning|afternoon|week))\b"
    r"|\s+(?:modestly|slightly|marginally|fractionally|a\s+touch)\b"
    r"|\s*[,.;]|\s*$|\s+(?:and|while|but|whereas)\s)",
    re.I,
)
_SMALL = re.compile(r"\b(?:only|just|slightly|marginally|modestly|a\s+touch|fractionally)\b", re.I)
# "The shares", "its stock", or bare "Shares" opening a sentence or a clause ("Shares -8% AH.",
# "A clean quarter; shares +1%").
_THE_SHARES = re.compile(
    r"(?:\b(?P<the>the|its|their)\s+(?:[a-z]+['\u2019]s\s+)?|(?:^|[;:]\s+))"
    r"(?:shares|stock)\b",
    re.I,
)
# Shares of the tickers the sentence refers to, in a sentence naming none ("Both ADRs were flat").
_BOTH_SHARES = re.compile(
    r"\b(?:both|the\s+two|all\s+three)\s+(?:stocks|shares|ADRs|names)\b", re.I
)
# A ticker whose move's verb is left out after another's: "Roblox shares rose 2% and Sony's
# ADRs 1%", "Nvidia lost 4.2%, Broadcom 5.1%".
_GAPPED = re.compile(
    r"(?:['\u2019]s)?\s+(?:(?:shares|stock|ADRs|units)\s+)?(?:about\s+|nearly\s+|almost\s+)?"
    r"\d[\d.,]*\s*(?:%|percent)(?=\s*(?:[,.;]|(?:and|as|on|after|in|while)\b|$))",
    re.I,
)
# A table row's first cell after its ticker holding a signed percentage: how far it moved
# ("Energy (XLE) | -2.4% | +4%", "Utilities (XLU) | +0.0% | +16%").
_TABLE_MOVE = re.compile(r"\s*\|\s*(?P<sign>[+\-\u2212])(?P<value>\d[\d.,]*)\s*%")
# A relative clause on a ticker's own shares: "Nvidia and AMD, whose shares rose 2%", "obesity
# rival Viking Therapeutics (VKTX), which jumped 12%".
_WHOSE = re.compile(r",\s+(?:whose(?=\s+(?:shares|stock|ADRs|units)\b)|which\b)", re.I)
_FIGURE_NEXT = re.compile(r"\s+\d")
# A possessive on a ticker's name ("a 5% rise in Apple's services revenue": not its shares).
_POSSESSIVE = re.compile(r"\w['\u2019]s?(?!\w)")
_AND_BEFORE = re.compile(r"\band\s+(?:the\s+)?$", re.I)
_COMMA_BEFORE = re.compile(r",\s*$")
_MONEY_NEXT = re.compile(
    r"\s+(?:another\s+|a\s+net\s+|net\s+)?(?:about\s+|nearly\s+|over\s+|more\s+than\s+)?"
    r"[$\u20ac\u00a3]\d"
)
_DRIVER_GAP = re.compile(r"\s+(?:the\s+)?", re.I)
_SIZE = re.compile(r"(\d[\d.,]*)\s*(?:%|percent)")
SMALL_MOVE = 0.2  # a move of less than this many percent reads neutral (swept 0 ... 0.5)
# A wrap's signed move right after its ticker, ending its item: "Equinix +3.1%, Vornado -1.8%",
# "ASML (ASML) -5%: orders miss", or none: "Shell (SHEL) flat: keeps buyback pace".
_SIGNED_MOVE = re.compile(
    r"(?:['\u2019]s)?\s+(?:(?P<sign>[+\-\u2212])(?P<value>\d[\d.,]*)\s*%|flat|unch(?:anged)?)"
    r"(?=\s*(?:[,.;:)]|and\b|after\b|on\b|as\b|premarket\b|pre-market\b|AH\b|today\b|$))",
    re.I,
)
# A signed amount of money right after a fund's label: a list of flows ("- VOO: +$5.4B").
_SIGNED_MONEY = re.compile(
    r"\s*:\s*(?P<sign>[+\-\u2212])\s?[$\u20ac\u00a3]\d[\d.,]*\s*(?:bn|billion|million|[BMK])\b",
    re.I,
)
_FLOW_REACH = 60  # from a fund to the noun of its flows ("saw $1.1B of net outflows")
_GAP_JOIN = re.compile(r"(?:[^.;:]|\.(?=\d)){0,40}?(?:,|\band\b)\s*(?:while\s+)?(?:the\s+)?$", re.I)


def read_moves(
    sentence: Sentence, words: ReadingVocabulary, sources: Collection[Mention] = ()
) -> list[Reading]:
    """A reading for each ticker whose price move the sentence states. "The shares" of a
    sentence naming one ticker are its shares, but for a source's (``sources``: "Truist called
    the price disciplined; the shares rose 2%" is the note's company's move)."""
    text, found = sentence.text, []
    quoted = {m.symbol for m in sources}
    for mention in sentence.mentions:
        whose = _WHOSE.match(text, sentence.tail_end(mention))
        move = _move_after(text, words, whose.end()) if whose else None
        whose = whose if move else None  # "Snowflake, which reports next week, rose 4%"
        move = move or _move_after(text, words, _past_aside(sentence, mention))
        signed = None if move else _signed_after(text, sentence.tail_end(mention))
        move = move or signed or _flow(sentence, words, mention)
        listed = sentence.listed_before(mention)
        joined = found and _AND_BEFORE.search(text, max(0, mention.start - 10), mention.start)
        if move is None or not (
            whose
            or joined
            or signed  # a wrap's item: "BTC -6% and $MSTR -13%" is MSTR's move wherever it stands
            or sentence.stands_as_subject((listed or [mention])[0], words.subject_described)
        ):
            continue  # "competition from Oracle is rising": the ticker is no subject (but
            # "customers Nvidia and AMD, whose shares rose 2%" is theirs, and "Cisco rose 3%
            # on the boost and Datadog gained 21%" opens a second move)
        effect, word = move
        listed = [m for m in listed if m.symbol not in quoted]  # "an upgrade at Jefferies
        # (JEF), and Crocs (CROX) rose 4%": the broker is no mover
        for each in (*listed, mention):  # "Flex and Celestica rose"
            found.append(Reading(KIND, each.symbol, effect, word.group(), *word.span()))
    found += _gapped(sentence, found)
    found += _flow_nouns(sentence, words, {r.ticker for r in found})
    found += _noun_moves(sentence, words, {r.ticker for r in found})
    found += _drivers(sentence, words, {r.ticker for r in found})
    if "|" in text:
        found += _table_moves(sentence, {r.ticker for r in found})
    if not sentence.symbols:
        for shares in _BOTH_SHARES.finditer(text):
            move = _move_after(text, words, shares.end())
            if move is not None:
                effect, word = move
                found.append(Reading(KIND, None, effect, word.group(), *word.span()))
    found += _the_shares(sentence, words, quoted, {r.ticker for r in found})
    return found


def _the_shares(
    sentence: Sentence, words: ReadingVocabulary, quoted: set[str], moved: set[str | None]
) -> list[Reading]:
    """The moves of "the shares", "the stock" or "its shares": of the one company named before
    them ("DKS beat and raised its guide, but the stock fell 5% as management said the Foot
    Locker integration would dilute EPS"); in a sentence naming one ticker or none, of the
    whole sentence where none is named before them ("The shares fell 18%.": the linked
    company's; not a ticker named after, "The shares are up 30% but trade at a discount to
    HCA (HCA)"), a bare "Shares" opening it too. A source's shares are not "its shares"."""
    text, found = sentence.text, []
    symbols = set(sentence.symbols) - quoted
    one = len(symbols) <= 1
    if one and next(iter(symbols), None) in moved:
        return found
    for shares in _THE_SHARES.finditer(text):
        if not shares["the"] and (
            not one or any(m.start > shares.start() for m in sentence.mentions)
        ):
            continue  # bare "Shares rose after a round led by Blackstone": not BX's
        before = {m.symbol for m in sentence.mentions if m.end <= shares.start()} - quoted
        if not one and (len(before) != 1 or before <= moved):
            continue
        move = _move_after(text, words, shares.end()) or _signed_after(text, shares.end())
        if move is not None:
            effect, word = move
            whose = next(iter(before), None)
            found.append(Reading(KIND, whose, effect, word.group(), *word.span()))
            if not one:
                moved = moved | {whose}
    return found


def _flow_nouns(
    sentence: Sentence, words: ReadingVocabulary, moved: set[str | None]
) -> list[Reading]:
    """A fund's flows named as a noun in the fund's own clause, the fund (or the first of a
    list) its subject: "VNQ saw $1.1B of net outflows", "BEN and IVZ also
    disclosed outflows" (``flow_nouns.tsv``); or a signed amount right after a fund's label
    in a list of flows ("- SPY: -$8.1B")."""
    text, found = sentence.text, []
    if ":" not in text and not words.flow_nouns.pattern.search(text):
        return found  # neither a list's "SPY: -$8.1B" nor a flow noun
    for mention in sentence.mentions:
        if mention.symbol in moved:
            continue
        tail = sentence.tail_end(mention)
        signed = _SIGNED_MONEY.match(text, tail)
        if signed is not None:
            effect = NEGATIVE if signed["sign"] in "-\u2212" else POSITIVE
            found.append(
                Reading(KIND, mention.symbol, effect, signed.group().strip(), *signed.span())
            )
            continue
        listed = sentence.listed_before(mention)
        if not sentence.stands_as_subject((listed or [mention])[0], words.subject_described):
            continue
        _, high = sentence.clause(tail, tail)
        later = [m.start for m in sentence.mentions if m.start >= tail]
        end = min([high, tail + _FLOW_REACH, *later])
        noun = words.flow_nouns.pattern.search(text, tail, end)
        if noun is None:
            continue
        effect = words.flow_nouns.value(noun.group())[0]
        for each in (*listed, mention):
            found.append(Reading(KIND, each.symbol, effect, noun.group(), *noun.span()))
    return found


def _noun_moves(
    sentence: Sentence, words: ReadingVocabulary, moved: set[str | None]
) -> list[Reading]:
    """A move written as a noun right before its ticker: "helped by a 3% gain in Amazon
    (AMZN)", "offsetting a 2% drop in Boeing (BA)" (``move_nouns.tsv``)."""
    found = []
    for mention in sentence.mentions:
        if mention.symbol in moved:
            continue
        low = max(0, mention.start - 60)
        noun = words.move_nouns.pattern.search(sentence.text, low, mention.start)
        tail = sentence.tail_end(mention)
        if noun is None or _POSSESSIVE.search(sentence.text, mention.start, tail + 2):
            continue  # "a 5% rise in Apple's services revenue": a metric, not the shares
        size = float(noun["size"].replace(",", ""))
        way = words.move_nouns.value(noun["noun"])[0]
        effect = NEUTRAL if size < SMALL_MOVE else _EFFECTS[way]
        found.append(Reading(KIND, mention.symbol, effect, noun.group().strip(), *noun.span()))
    return found


def _table_moves(sentence: Sentence, moved: set[str | None]) -> list[Reading]:
    """The moves of a table row's tickers: the signed percentage in the cell right after."""
    found = []
    for mention in sentence.mentions:
        cell = _TABLE_MOVE.match(sentence.text, sentence.tail_end(mention))
        if cell is None or mention.symbol in moved:
            continue
        value = float(cell["value"].replace(",", ""))
        effect = NEUTRAL if value == 0 else POSITIVE if cell["sign"] == "+" else NEGATIVE
        start, end = cell.start("sign"), cell.end()
        found.append(Reading(KIND, mention.symbol, effect, sentence.text[start:end], start, end))
        moved.add(mention.symbol)
    return found


def _gapped(sentence: Sentence, found: list[Reading]) -> list[Reading]:
    """The moves of tickers named right after another's move with their verb left out
    ("Rocket (RKT) fell 6%, UWM Holdings (UWMC) 7% and loanDepot (LDI) 9%": each after the
    one before)."""
    text, more = sentence.text, []
    moved = {r.ticker for r in found}
    gapped_ends: dict[Reading, int] = {}  # where each gapped ticker's own figure ends
    for mention in sentence.mentions:
        if mention.symbol in moved:
            continue
        last = next((r for r in reversed(found + more) if r.end <= mention.start), None)
        if last is None:
            continue
        end = gapped_ends.get(last, last.end)
        figure = _GAPPED.match(text, sentence.tail_end(mention))
        if (
            _GAP_JOIN.fullmatch(text, end, mention.start)
            and (last in gapped_ends or _FIGURE_NEXT.match(text, last.end))  # "rose 2%"
            and figure is not None
        ):
            reading = Reading(KIND, mention.symbol, last.effect, last.cue, last.start, last.end)
            more.append(reading)
            gapped_ends[reading] = figure.end()
            moved.add(mention.symbol)
    return more


def _move_after(
    text: str, words: ReadingVocabulary, position: int
) -> tuple[str, re.Match[str]] | None:
    """The effect and word of a price move stated right after ``position`` (past "shares",
    "was", "ended the week"...), when how far, when or why it moved follows; neutral for a
    small move."""
    gap = _MOVER.match(text, position)
    word = words.directions.pattern.match(text, gap.end()) if gap else None
    moved = _MOVED.match(text, word.end()) if word else None
    if word is None or moved is None:
        return None
    if _SMALL.search(text, gap.start(), max(moved.end(), word.end() + 1)):
        return NEUTRAL, word  # "rose slightly", "down only 1%" (not "gained 21% to just
        # below the offer")
    size = _SIZE.search(moved.group())
    if size and float(size.group(1).replace(",", "")) < SMALL_MOVE:
        return NEUTRAL, word  # "SOXX ended up 0.3%": a move this small says nothing
    return _EFFECTS[words.directions.value(word.group())[0]], word


def _drivers(sentence: Sentence, words: ReadingVocabulary, moved: set[str | None]) -> list[Reading]:
    """The tickers that drove a market's or a group's move (", led by Caterpillar (CAT) and
    Goldman Sachs (GS)", ", dragged lower by Tesla"; ``readings/move_drivers.tsv``): the
    ticker right after the phrase and those listed after it take its side."""
    found = []
    text = sentence.text
    for match in words.move_drivers.pattern.finditer(text):
        if not _COMMA_BEFORE.search(text, max(0, match.start() - 3), match.start()):
            continue
        effect = words.move_drivers.value(match.group())[0]
        if effect == "move":
            effect = _stated_move(text, words, match.start())
        first = sentence.right_after(match.end(), _DRIVER_GAP)
        if effect is None or first is None:
            continue
        for each in (first, *sentence.listed_after(first)):
            if each.symbol not in moved:
                found.append(Reading(KIND, each.symbol, effect, match.group(), *match.span()))
    return found


def _stated_move(text: str, words: ReadingVocabulary, position: int) -> str | None:
    """The side of the last move stated before ``position`` in its sentence ("The Dow rose
    0.8% on Wednesday"), None if none."""
    last = None
    for word in words.directions.pattern.finditer(text, 0, position):
        last = word
    if last is None or not _MOVED.match(text, last.end()):
        return None
    return _EFFECTS.get(words.directions.value(last.group())[0])


def _flow(
    sentence: Sentence, words: ReadingVocabulary, mention: Mention
) -> tuple[str, re.Match[str]] | None:
    """A fund's flows right after it, before an amount of money ("IBIT took in $1.1
    billion"): money in is its positive side, money out its negative (``flows.tsv``)."""
    text = sentence.text
    gap = _MOVER.match(text, sentence.tail_end(mention))
    flow = words.flows.pattern.match(text, gap.end()) if gap else None
    if flow is None or not _MONEY_NEXT.match(text, flow.end()):
        return None
    return words.flows.value(flow.group())[0], flow


def _signed_after(text: str, position: int) -> tuple[str, re.Match[str]] | None:
    """A signed percentage right after a ticker in a wrap ("Equinix +3.1%, Digital Realty
    +4.0%"): its sign is the move's (none for a small one, +0.2%, or a flat one)."""
    signed = _SIGNED_MOVE.match(text, position)
    if signed is None:
        return None
    if signed["value"] is None or float(signed["value"].replace(",", "")) < SMALL_MOVE:
        return NEUTRAL, signed
    return (POSITIVE if signed["sign"] == "+" else NEGATIVE), signed


def _past_aside(sentence: Sentence, mention: Mention) -> int:
    """Where the ticker's move may start: after its tail, a relative clause ("..., which
    competes ..., was down 1%") or an aside closed by a comma ("SQM, the Chilean rival whose
    ADRs trade in New York, fell 3%")."""
    end = sentence.relative_end(mention)
    aside = sentence.apposition(mention, end)
    return aside.end() + 1 if aside and sentence.text[aside.end() : aside.end() + 1] == "," else end
