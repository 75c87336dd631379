"""Comparisons between tickers: verbs that name a winner ("X outperformed Y", "Y was outpaced
by X"), comparatives with a metric ("X's fee is lower than Y's", "a fraction of the 0.20% that
SPYD charges"), two figures of one metric set side by side ("21.8% against 9.6% for RSP"), and
balanced comparisons ("both charge 0.07%"), neutral for each side.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sentiment.figures import default_figure_finder
from sentiment.figures.metrics import NO_METRIC
from sentiment.figures.ranges import is_and_join, is_range_join
from sentiment.readings.sentence import NEGATED_BEFORE, SPACES, Sentence
from sentiment.readings.types import NEGATIVE, NEUTRAL, POSITIVE, Mention, Reading, flipped
from sentiment.readings.vocabulary import ReadingVocabulary, key
from sentiment.results import Figure

KIND = "comparison"
_PASSIVE_BEFORE = re.compile(r"\b(?:is|was|were|been|being|are|be|gets|got)\s+(?:\w+ly\s+)?$", re.I)
_PRONOUN = re.compile(
    r"\b(?:it|its|they|them|their|the\s+(?:stock|shares|company)|(?:where|when)\s+(?:our|my))\b",
    re.I,
)
# Between a ticker and the phrase that puts it in the middle: a few words ("sat", ", at 0.07%,
# landed", "Burger King US landed"), not a clause of its own.
_MIDDLE_GAP = re.compile(r"[\s,]*(?:[\w'.%$,-]+\s+){0,4}?", re.I)
_WINNER_GAP = re.compile(r"\s+(?:[\w.'\u2019-]+\s+){0,2}?", re.I)
# After "over": a few words, or a group and its "such as" ("over smaller builders such as
# Beazer Homes (BZH)").
_LOSER_GAP = re.compile(
    r"\s+(?:[\w.'\u2019-]+\s+){0,2}?(?:(?:[\w-]+\s+){1,3}?(?:such\s+as|like|including)\s+)?",
    re.I,
)
_BY = re.compile(r"\s+by\b", re.I)
_IT = re.compile(r"\s+(?:it|them)\b", re.I)  # a comparison verb's object referred to
_AND = re.compile(r"\band\b", re.I)
# A rank conceded in the same breath: "the better quality co but priced for perfection".
_CONCEDED = re.compile(r"(?:\s+[\w'-]+){0,3}?,?\s+but\b", re.I)
_TIGHT_GAP = re.compile(r"\s+(?:the\s+)?", re.I)
# Losers named as examples of a kind: "taking share from conventional grocers such as Kroger".
_EXAMPLES = re.compile(r"\s+(?:[\w-]+\s+){1,3}?(?:such\s+as|like|including)\s+", re.I)
# Between a share taker and its verb: a few words, no clause's joint ("Deckers' Hoka brand keeps
# taking share"; not "Charter lost subscribers as fiber overbuilders kept taking share"), past
# an aside between commas about the taker ("Walmart, by contrast, keeps taking share", "Dutch
# Bros, which reports next week, has kept taking share") or "and others".
_TAKER_GAP = re.compile(
    r"['\u2019]?s?(?:,\s+(?:by\s+contrast|in\s+contrast|meanwhile|too|also|though|however|"
    r"(?:which|who|whose|with)\s[^,;:()]{1,60}),)?(?:\s+and\s+others)?"
    r"\s+(?:(?!(?:and|or|but|while|as|which|who|that|with)\b)[\w.'-]+\s+){0,3}",
    re.I,
)
# A rank then the ticker that holds it: "the winner was Sprouts Farmers Market (SFM)".
_IS_THEN = re.compile(r"\s+(?:was|is|were|are|has\s+been|remains)\s+(?:the\s+)?", re.I)
# A rank reported, not given: "was cited as a beneficiary", "were named as the losers".
_CITED_AS = re.compile(
    r"\b(?:was|were|is|are|been)\s+(?:cited|named|mentioned|flagged)\s+as\s+$", re.I
)
# Between a comparison verb and its object: a few words, not a clause's joint ("lagged,
# with the iShares ... (HYG)", "lagged and the ... (XLK) fell" name no object) nor a move's
# particle or time ("RTX edged up after Moody's moved its outlook").
_OBJECT_GAP = re.compile(
    r"[\s,]+(?:(?!(?:and|or|but|while|whereas|with|as|by|helped|driven|fueled|aided|thanks|after"
    r"|before|following|up|down|higher|lower)\b)"
    r"[\w.'-]+\s+){0,4}?",
    re.I,
)  # "a beat helped by Nvidia's ramp": the ticker after "by" is not the one beaten
# A subject that refers to the company named before ("it", "the fund", "the stock").
_REFERRING = r"(?:it|the\s+(?:fund|etf|company|stock|shares|firm|bank|group|name|trust))"
_REFERRING_WORD = re.compile(rf"\b{_REFERRING}\b", re.I)
# A clause whose subject refers to the company named before, up to its comparison's verb:
# "The fund has also lagged", "and it has trailed", "The stock has underperformed".
_REFERRED_SUBJECT = re.compile(
    rf"\W*(?:(?:and|but|yet|while)\s+)?{_REFERRING}\s+(?:(?:has|have|had|is|was|also|again|now"
    r"|since|so\s+far|badly|sharply|meaningfully|significantly|continued\s+to|continues\s+to"
    r"|been)\s+){0,3}",
    re.I,
)
# The same subject after a clause's joint, up to the verb: "..., and it now trails".
# Or its return: "..., but its 12% total return this year trails".
_REFERRING_SUBJECT = (
    rf"(?:{_REFERRED_SUBJECT.pattern}|\W*(?:(?:and|but|yet|while)\s+)?"
    r"(?:its|the\s+fund['\u2019]s)\s+(?:[\w%.-]+\s+){0,2}?(?:total\s+)?returns?\s+"
    r"(?:[\w-]+\s+){0,3}?)"
)
_JOINED_REFERENCE = re.compile(rf"[,;]{_REFERRING_SUBJECT}$", re.I)
_REFERRING_CLAUSE = re.compile(_REFERRING_SUBJECT, re.I)  # the clause's own opening
# A clause with a subject of its own ("..., while megacap tech lagged"): the comparison's
# subject is not looked for before it.
_OWN_CLAUSE = re.compile(r"(?:(?:while|whereas|but|and|although|though)[\s,;]*|;\s*)$", re.I)
# From a comparative to the ticker it compares with: at most five words ("a fraction of the
# 0.20% that SPYD charges").
_COMPARED_GAP = re.compile(r"[\s,]+(?:[\w.%$'\u2019-]+\s+){0,5}?", re.I)
_NEGATED = re.compile(r"\b(?:no|not|n't)\s+$", re.I)
_BARELY = re.compile(r"\b(?:barely|hardly|scarcely|only\s+marginally|only\s+slightly)\s+$", re.I)
_METRIC_BEFORE, _METRIC_AFTER = 40, 20  # where a figure's metric may be named
_POSSESSIVE = re.compile(r"\)?['\u2019]s?\b")
# Figures are compared within these parts of a sentence: table cells and lines (not across a
# semicolon: "SPY charges 0.0945%; IVV and VOO charge 0.03%" is one comparison).
_SCOPES = re.compile(r"[|\n]")
# From a figure to the ticker it is of, right after it: "9.6% for RSP", "0.20% that SPYD
# charges", "0.20% expense ratio on the SPDR Portfolio S&P 500 High Dividend ETF (SPYD)".
_OWNER_AFTER = re.compile(
    r"\s+(?:[a-z][\w-]*\s+){0,2}?(?:that|for|at|of|to|on)\s+(?:the\s+)?(?:[\w.'\u2019-]+\s+)?",
    re.I,
)
# A modal right before a preference: someone may prefer it, nobody says they do.
_MODAL_BEFORE = re.compile(r"\b(?:may|might|could)\s+$", re.I)
# The words after a preference that name its losers even where its winner is not named.
_OVER = re.compile(r"over|rather than|instead of", re.I)
# A preferred company referred to at the clause's end ("..., and we prefer it.").
_REFERRED_END = re.compile(r"\s+(?:it|the\s+(?:stock|shares|name))\s*(?:[.;!]|$)", re.I)
# A preferred company referred to, between "prefer" and "to" ("we prefer it to UPS", "rather
# own this than $CHGG").
_REFERRED = re.compile(
    r"\s+(?:it|them|this(?:\s+one)?|that(?:\s+one)?|the\s+(?:stock|shares|company|name))\s+", re.I
)
_A_FIGURE = re.compile(r"\s*[$\u20ac\u00a3]?\d")  # a figure right after "less than"
_LISTED_FIGURE = re.compile(r"\s*(?:,\s*)?(?:and\s+)?", re.I)  # "15% and 12%", "15%, 12%"
_EACH = re.compile(r"\b(?:both|each|all)\b", re.I)  # a figure said of every ticker listed
_NEAR = 30  # how near a balanced phrase its metric is named ("both charge 0.07%")
_SIGNS = "+-\u2212"
# Units whose figures of two companies rank nothing: levels of different sizes ("lifted its
# dividend to $4.00, and JPMorgan to $1.50") and multiples ("trades at 32x forward earnings
# versus 25x for SOXX": dearer, not better or worse).
_LEVELS = frozenset({"money", "number", "x"})
# Between a ticker and the figure of its price move: its shares, a verb, an approximation
# (not a possessive alone: "Robinhood's rose 30%" is its revenue, left out).
_PRICE_GAP = re.compile(
    r"(?:['\u2019]s\s+(?:shares|stock|ADRs)|\s+(?:shares|stock|ADRs))?\s+[a-z]+\s+(?:by\s+)?"
    r"(?:about\s+|nearly\s+|almost\s+|more\s+than\s+|over\s+)?",
    re.I,
)
_MOVE_METRIC = "return"  # what a price move is, in the metric vocabulary
_PRICE = "share price"  # the metric of "shares" and "stock" ("Roblox shares rose 2%")
_BOTH = re.compile(
    r"\b(?:both|neither|either|between them|the two|one over the other"
    r"|any of (?:the (?:two|three|four)|them|these))\b",
    re.I,
)  # two sides or more
# The author declining to pick: "Which is better depends on whether you want income now".
_WHICH_DEPENDS = re.compile(r"^\W*which\s+(?:[\w-]+\s+){0,3}?depends\s+(?:\w+ly\s+)?on\b", re.I)
VERB_REACH = 32  # how far before a figure its move's verb may be ("fell more than 3%")
_EVEN = 0.025  # figures this close (relative to the larger) compare evenly: 8.4% and 8.5%


def read_comparisons(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """The comparison readings of the sentence. A ticker that its comparisons put on both
    sides gets one neutral reading (the sentence weighs a trade-off); a balanced phrase
    ("both charge 0.07%") is read for the tickers no comparison gives a side."""
    if not sentence.mentions:
        return _even_verdicts(sentence, words) + _referred_sides(sentence, words)
    sided = _verbs(sentence, words) + _comparatives(sentence, words)
    sided += _preferences(sentence, words)
    if len(sentence.symbols) > 1:  # two figures of one ticker compare nothing
        sided += _figure_pairs(sentence, words)
    effects: dict[str | None, set[str]] = {}
    for reading in sided:
        effects.setdefault(reading.ticker, set()).add(reading.effect)
    kept, traded = [], set()
    for reading in sided:
        if {POSITIVE, NEGATIVE} <= effects[reading.ticker]:
            if reading.ticker not in traded:
                traded.add(reading.ticker)
                kept.append(replace(reading, effect=NEUTRAL))
        else:
            kept.append(reading)
    balanced = [r for r in _balanced(sentence, words) if r.ticker not in effects]
    middles = _middles(sentence, words)  # "with Workday (WDAY) in between": said outright, it
    # outranks a side the figures give ("a step behind ServiceNow's 22%")
    middled = {r.ticker for r in middles}
    return [r for r in kept if r.ticker not in middled] + balanced + middles


def _middles(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """ "USMV landed in between", "PHM and NVR sat in between": the ticker before the phrase
    in its clause (and those listed with it) is neither side: one neutral reading each."""
    found = []
    for match in words.middles.finditer(sentence.text):
        low, _ = sentence.clause(*match.span())
        subject = next(iter(sentence.before(match.start(), low)), None)
        if subject is None or not _MIDDLE_GAP.fullmatch(
            sentence.text, sentence.tail_end(subject), match.start()
        ):
            continue  # "DT managed 17%, and the gap in net new ARR between the two": no rank
        for each in (*sentence.listed_before(subject), subject):
            found.append(Reading(KIND, each.symbol, NEUTRAL, match.group(), *match.span()))
    return found


def _sides(
    sentence: Sentence,
    cue: tuple[int, int],
    subject: Mention | None,
    other: Mention | None,
    effect: str,
) -> list[Reading]:
    """The subject's reading with ``effect`` and the other ticker's with the opposite one."""
    text = sentence.text[cue[0] : cue[1]]
    found = []
    if subject is not None:
        found.append(Reading(KIND, subject.symbol, effect, text, *cue))
    if other is not None and (subject is None or other.symbol != subject.symbol):
        found.append(Reading(KIND, other.symbol, flipped(effect), text, *cue))
    return found


def _subject(sentence: Sentence, start: int, other: Mention | None) -> Mention | None:
    """The nearest ticker before ``start`` in its clause, else in the sentence, that is not
    the other side of the comparison; none when a pronoun stands between ("..., and its
    total return has lagged": whose is not for us to say), unless the verb's own clause
    opens with "it", "the fund" or the like and one company only is named before it ("ARKK
    saw outflows, and it now trails QQQ")."""
    low, _ = sentence.clause(start, start)
    if not sentence.before(start, low) and _REFERRING_CLAUSE.fullmatch(sentence.text, low, start):
        return _sole_named(sentence, start, other)
    opening = sentence.text[max(0, low - 12) : low]
    wider = () if _OWN_CLAUSE.search(opening) else sentence.before(start)
    for candidates in (sentence.before(start, low), wider):
        for mention in candidates:
            mention = sentence.outer(mention)
            if other is None or mention.symbol != other.symbol:
                between = sentence.text[sentence.relative_end(mention) : start]
                if not _PRONOUN.search(between):
                    return mention
                return (
                    _sole_named(sentence, start, other)
                    if _JOINED_REFERENCE.search(between)
                    else None
                )
    return None


def _sole_named(sentence: Sentence, start: int, other: Mention | None) -> Mention | None:
    """The one company named before ``start`` but the comparison's other side (the nearest
    mention of it), or None where several are."""
    named = [sentence.outer(m) for m in sentence.before(start)]
    named = [m for m in named if other is None or m.symbol != other.symbol]
    return named[0] if len({m.symbol for m in named}) == 1 else None


def _right_before(sentence: Sentence, start: int, gap: re.Pattern[str]) -> Mention | None:
    """The nearest ticker before ``start`` with only ``gap`` between its tail and ``start``."""
    nearest = next(iter(sentence.before(start)), None)
    if nearest is not None and gap.fullmatch(sentence.text, sentence.tail_end(nearest), start):
        return nearest
    return None


def _referred_object(sentence: Sentence, start: int) -> Mention | None:
    """The ticker "it" stands for after a comparison verb at ``start``, where two are named
    before: the one before the verb's own subject ("QQQ returned 24%, while DIA lagged it"),
    or, after a verb joined by "and" to the first's clause, the one named last ("RSP charges
    ... the 0.02% fee on IVV, and has lagged it"); else None."""
    before = [sentence.outer(m) for m in sentence.before(start)]
    distinct = list({m.symbol: m for m in reversed(before)}.values())[::-1]  # nearest first
    if len(distinct) < 2:
        return None
    nearest = distinct[0]
    if _AND.search(sentence.text, sentence.relative_end(nearest), start):
        return nearest
    return distinct[1]


def _verbs(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    text, found = sentence.text, []
    for match in words.comparison_verbs.pattern.finditer(text):
        winner, *needs = words.comparison_verbs.value(match.group())
        start, end = match.span()
        if text[end : end + 1] == "-":
            continue  # "the best-positioned" is no rank
        if text[start].isupper() and start > 0 and key(match.group()) in words.ratings.values:
            continue  # "We rate WPC Outperform": a rating (the rating reader's), no rank
        if "alone" in needs:
            if _CITED_AS.search(text, max(0, start - 24), start):
                continue  # "Home Depot was cited as a beneficiary": someone else's word
            if NEGATED_BEFORE.search(text, max(0, start - 24), start):
                continue  # "neither is the better choice": no rank
            named = sentence.right_after(end, _IS_THEN)
            if "near" in needs:  # "e.l.f. Beauty (ELF) continues to grab share"
                subject = named or _right_before(sentence, start, _TAKER_GAP)
            else:  # "the winner was Sprouts (SFM)"
                subject = named or _subject(sentence, start, None)
            listed = sentence.listed_before(subject) if subject else ()  # "WDC and STX are"
            if subject and start < sentence.relative_end(subject):
                listed = ()  # "PZZA and YUM, whose Pizza Hut chain has been losing share,": YUM's
            effect = _winner_effect(winner)
            if _CONCEDED.match(text, end):
                effect = NEUTRAL  # "the better story but you pay 45x for it": a trade-off
            for each in listed:
                found += _sides(sentence, (start, end), each, None, effect)
            found += _sides(sentence, (start, end), subject, None, effect)
            continue
        passive = _PASSIVE_BEFORE.search(text, max(0, start - 20), start) and _BY.match(text, end)
        if passive:
            by = _BY.match(text, end)
            end_of_by = by.end() if by else end
            other = sentence.right_after(end_of_by, re.compile(r"\s+(?:[\w.'-]+\s+){0,2}?"))
        elif key(match.group()) not in words.comparison_verbs.values:
            # a pattern row ("taking desktop share from"): its object right after it, not a
            # ticker further on ("taking prestige share from Sephora inside Kohl's stores")
            other = sentence.right_after(end, _TIGHT_GAP)
        else:
            other = sentence.right_after(end, _OBJECT_GAP)
        if other is None and match.group().lower().endswith("from"):
            other = sentence.right_after(end, _EXAMPLES)
        referred = other is None and _IT.match(text, end) is not None
        if referred:
            other = _referred_object(sentence, start)
        if "object" in needs and other is None and not _market_after(text, end, words):
            continue  # "beat estimates" compares nothing; "trailed the S&P 500" does
        subject = _subject(sentence, start, other)
        if referred and other is not None and subject is not None:
            subjects = {subject.symbol, *(m.symbol for m in sentence.listed_before(subject))}
            if other.symbol in subjects | {m.symbol for m in sentence.listed_before(other)}:
                # "Kroger (KR) and Albertsons (ACI) have both lost share to it": "it" is
                # neither of the subjects, but a company named before the sentence
                other = None
                subject = _subject(sentence, start, None)
        if subject is None and not match.group()[0].isalpha():
            continue  # "> ASML: bookings beat": a quoted line's mark, not "$GOOGL > $MSFT"
        subject_wins = (winner == "subject") != bool(passive)
        effect = POSITIVE if subject_wins else NEGATIVE
        sides = _sides(sentence, (start, end), subject, other, effect)
        for listed in sentence.listed_after(other) if other is not None else ():
            sides += _sides(sentence, (start, end), None, listed, effect)  # "trails ZS and PANW"
        for listed in sentence.listed_before(subject) if subject is not None else ():
            sides += _sides(sentence, (start, end), listed, None, effect)  # "WMT and COST take"
        if "loser" in needs:  # "losing accounts to Toast": whether Toast gains is not said
            sides = [reading for reading in sides if reading.effect == NEGATIVE]
        found += sides
    return found


def _market_after(text: str, end: int, words: ReadingVocabulary) -> bool:
    """Is the market or an index named right after a comparison verb ending at ``end``?"""
    position = SPACES.match(text, end)
    return words.market_benchmarks.match(text, position.end()) is not None


def _referred_sides(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """In a sentence naming no ticker, a comparison's verb whose subject refers to the
    company named before ("The fund has also lagged the S&P 500 by 14 points", "and it has
    trailed its benchmark"): that side, about the whole sentence (the linked company)."""
    text, found = sentence.text, []
    if not _REFERRING_WORD.search(text):
        return found  # no subject that refers back: no verb to read
    for match in words.comparison_verbs.pattern.finditer(text):
        winner, *needs = words.comparison_verbs.value(match.group())
        start, end = match.span()
        if "alone" in needs or not match.group()[0].isalpha():
            continue
        low, _ = sentence.clause(start, start)
        if _REFERRED_SUBJECT.fullmatch(text, low, start) and not _PASSIVE_BEFORE.search(
            text, max(0, start - 20), start
        ):
            effect = _winner_effect(winner)
            found.append(Reading(KIND, None, effect, match.group(), start, end))
    return found


def _winner_effect(winner: str) -> str:
    """The subject's side when ``winner`` wins."""
    return POSITIVE if winner == "subject" else NEGATIVE


def _comparatives(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    text, found = sentence.text, []
    for match in words.comparatives.pattern.finditer(text):
        written = f"{match['head']} than" if match["head"] else match["plain"]
        direction, own_effect = words.comparatives.value(written)
        start, end = match.span()
        if words.hedges.match(text, start):
            continue  # "ahead of Wednesday's results from ServiceNow" is a preview
        if _NEGATED.search(text, max(0, start - 8), start):
            continue  # "a drawdown no smaller than DGRO's" sets no side
        if match["plain"] is None and _A_FIGURE.match(text, end):
            continue  # "versus less than 1% for SGOV": a figure's bound, not a comparison
        low, high = sentence.clause(start, end)
        other = sentence.right_after(end, _COMPARED_GAP)
        if other is None or other.end > high:
            continue
        if words.benchmarks.search(text, end, other.start):
            continue  # "above target at Arrow and Avnet": compared with a target
        effect = _metric_effect(sentence, words, (start, end), (low, high), direction)
        effect = effect or (own_effect if own_effect != "-" else None)
        if effect is not None and _BARELY.search(text, max(0, start - 20), start):
            effect = NEUTRAL  # "barely better than QQQ's 33% drop": no real edge
        if effect is not None:
            subject = _subject(sentence, start, other)
            found += _sides(sentence, (start, end), subject, other, effect)
            for listed in sentence.listed_after(other):  # "ahead of Salesforce and Workday"
                if subject is None or listed.symbol != subject.symbol:
                    found += _sides(sentence, (start, end), None, listed, effect)
    return found


def _preferences(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """ "We prefer X (and Y) over Z": the winners positive, the tickers after "over" negative."""
    found = []
    hedged: dict[str, tuple[int, int]] = {}
    for match in words.preferences.finditer(sentence.text):
        start, end = match.span()
        if _MODAL_BEFORE.search(sentence.text, 0, start):
            # "total-return investors may prefer SCHD": a reader's choice, not the author's;
            # two such choices are an even verdict ("some may prefer JEPI; others may prefer
            # SCHD")
            chosen = sentence.right_after(end, _WINNER_GAP)
            if chosen is not None:
                hedged.setdefault(chosen.symbol, (start, end))
            continue
        low, high = sentence.clause(start, end)
        winner = sentence.right_after(end, _WINNER_GAP)
        over = words.preference_over.search(sentence.text, end, high)
        if over is not None and (winner is None or winner.start >= over.end()):
            winner = None  # "we prefer it to (larger peer) CarMax": the winner is referred to
            referred = _REFERRED.fullmatch(sentence.text, end, over.start())
        else:
            referred = None
        loser = sentence.right_after(over.end(), _LOSER_GAP) if over else None
        if loser is not None and loser.end > high or loser == winner:
            loser = None
        if winner is None and loser is not None and over is not None and not referred:
            # "Pair I like for 2026: $LLY over $NVO": the ticker right before "over"
            winner = next(iter(sentence.before(over.start(), end)), None)
        if winner is None and loser is not None:
            winner = next(iter(sentence.before(start, low)), None)
        if winner is None and loser is None and _REFERRED_END.match(sentence.text, end):
            # "Microsoft remains the safer compounder, and we prefer it.": the one before
            winner = next(iter(sentence.before(start)), None)
        if (
            winner is None
            and loser is not None
            and over
            and (_OVER.fullmatch(over.group()) or referred)
        ):
            winners = []  # "the stock remains our favored name over ICE": the winner is
            # referred to, the losers are named
        elif winner is None or (loser is not None and loser.start < winner.start):
            continue
        else:
            winners = [winner, *sentence.listed_after(winner)]
        losers = [loser, *sentence.listed_after(loser)] if loser else []
        cue = sentence.text[start:end]
        found += [Reading(KIND, m.symbol, POSITIVE, cue, start, end) for m in winners]
        found += [Reading(KIND, m.symbol, NEGATIVE, cue, start, end) for m in losers]
    if len(hedged) >= 2:
        start, end = next(iter(hedged.values()))
        found.append(Reading(KIND, None, NEUTRAL, sentence.text[start:end], start, end))
    return found


def _metric_effect(
    sentence: Sentence,
    words: ReadingVocabulary,
    cue: tuple[int, int],
    clause: tuple[int, int],
    direction: str,
) -> str | None:
    """Better or worse for the subject: "more" of a metric whose good direction is "up"."""
    if direction not in ("more", "less"):
        return None
    phrases = words.metric_phrases.find(sentence.text[clause[0] : clause[1]])
    if not phrases:
        return None
    middle = (cue[0] + cue[1]) / 2 - clause[0]
    # the subject's metric before the cue first ("GLDM's return was 1.5 points ahead of
    # GLD's purely on fees"), else the nearest ("lower than SPY's fee")
    before = [p for p in phrases if p.end <= cue[0] - clause[0]] or phrases
    nearest = min(before, key=lambda p: abs((p.start + p.end) / 2 - middle))
    good = words.metric_good.get(words.metric_of[nearest.key])
    if good not in ("up", "down"):
        return None
    return POSITIVE if (direction == "more") == (good == "up") else NEGATIVE


def _figure_pairs(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """Two figures of one metric in one part of the sentence, each of its own ticker: the
    better one's ticker wins; figures within a few percent of each other are even."""
    found = []
    cuts = [0, *(m.end() for m in _SCOPES.finditer(sentence.text)), len(sentence.text)]
    races = [  # where each word of a race stands, and where it counts (readings/races.tsv)
        (m.start(), words.races.value(m.group())[0])
        for m in words.races.pattern.finditer(sentence.text)
    ]
    for low, high in zip(cuts, cuts[1:], strict=False):
        figures = default_figure_finder().find(sentence.text[low:high], low)
        owned = []
        for f in figures:
            owner = _owner(sentence, f)
            owned.append((f, owner, *_figure_metric(sentence, words, f, figures, owner)))
        raced: dict[int, float] = {}  # a race's figure -> its signed value, for the next pair
        carried: dict[int, str] = {}  # a figure whose metric was elided -> the metric it took
        for one, other, across in _neighbours(owned):
            (first, owner1, metric1, move1), (second, owner2, metric2, move2) = one, other
            if metric1 is None and not move1:
                metric1 = carried.get(first.start)  # "0.10%, against 0.25% for IAU and 0.40%
                # for GLD": the list's metric goes on
            if (
                metric1 is None
                and first.unit == "percent"
                and (_move_sign(sentence, words, first) or first.start in raced)
                and _race(races, first, second)
            ):
                metric1, move1 = _MOVE_METRIC, True  # "USMV fell 17% ... in the selloff"
            if (
                owner1 is None
                or owner2 is None
                or owner1.symbol == owner2.symbol
                or metric1 is None
                or metric2 not in (None, metric1, *words.same_metric.get(metric1, ()))
                or (metric2 is None and not move1 and _price_move(sentence, words, owner2, second))
                # "growth slowed to 3% ..., and Gallagher fell 4%": a metric, then a move
                or first.unit != second.unit
                or first.unit in _LEVELS
                or (
                    _one_range(sentence.text[first.end : second.start])
                    and not sentence.after(first.end, second.start)  # "3.4% to CVX's 4.2%"
                )
            ):
                continue
            if metric2 is None and not move1 and metric1 not in (_MOVE_METRIC, _PRICE):
                carried[second.start] = metric1
            value1 = raced.get(
                first.start,
                _signed(sentence, words, first, _listed_after(sentence, words, first, figures)),
            )
            elided = metric2 is None or (
                move1 and not across and second.text[:1] not in _SIGNS
            )  # across an aside, "lost 8% ... while XLK returned 20%" states its own sign
            value2 = _signed(sentence, words, second, value1 if elided else None)
            if metric1 == _MOVE_METRIC and move1:
                raced[second.start] = value2  # "... against 18% for USMV and 25% for SPY"
            moves = (
                move1
                or move2
                or metric1 == _PRICE  # "KRE gained 2.8%, ITB 3.1%, and TLT 1.0%": a list
            )
            if moves and (value1 > 0) == (value2 > 0) and not _race(races, first, second):
                continue  # "Nvidia lost 4.2%, Broadcom 5.1%", "Roblox shares rose 2% and
                # Sony's ADRs 1%": moves of one sign rank nothing
            effect = _better(words, metric1, value1, value2)
            if effect is not None:
                cue = (first.start, second.end)
                found += _sides(sentence, cue, owner1, owner2, effect)
                for each in _sharing(sentence, owner1, first):  # "VOO and IVV both charge 0.03%"
                    found += _sides(sentence, cue, each, None, effect)
                for each in _sharing(sentence, owner2, second):
                    found += _sides(sentence, cue, None, each, effect)
    return found


def _sharing(sentence: Sentence, owner: Mention, figure: Figure) -> list[Mention]:
    """The tickers listed before a figure's owner that the figure is said of too ("VOO and
    IVV both charge 0.03%", "Dollar General and Dollar Tree each grew 3%"), else none."""
    if not _EACH.search(sentence.text, sentence.tail_end(owner), figure.start):
        return []
    return sentence.listed_before(owner)


def _neighbours(owned: list[tuple[Figure, Mention | None, str | None, bool]]) -> list[tuple]:
    """The pairs of figures to set side by side (first, second, across asides?): each with
    the next, and with the next of its metric across figures of other metrics of the two
    tickers ("QYLD returned 41% including its 12% distributions, while QQQ returned 118%";
    "JEPI yields 7.5% and charges 0.35%, while QYLD yields 11.8% for a 0.60% fee")."""
    pairs = [(first, second, False) for first, second in zip(owned, owned[1:], strict=False)]
    for i, first in enumerate(owned):
        if first[1] is None or first[2] is None:
            continue
        j = next((j for j in range(i + 1, len(owned)) if owned[j][2] == first[2]), None)
        if j is None or j == i + 1 or owned[j][1] is None:
            continue  # none later, or the next figure already (its plain pair)
        sides = (first[1].symbol, owned[j][1].symbol)
        if all(
            a[2] is not None and a[1] is not None and a[1].symbol in sides for a in owned[i + 1 : j]
        ):
            pairs.append((first, owned[j], True))
    return pairs


def _better(words: ReadingVocabulary, metric: str, first: float, second: float) -> str | None:
    """Positive when the first figure is the better one for ``metric``, neutral when even."""
    good = words.metric_good.get(metric)
    if good not in ("up", "down"):
        return None
    if abs(first - second) <= _EVEN * max(abs(first), abs(second)):
        return NEUTRAL
    return POSITIVE if (first > second) == (good == "up") else NEGATIVE


def _race(races: list[tuple[int, str]], first: Figure, second: Figure) -> bool:
    """Do two moves of one sign race: a word of a race between the figures ("rose 1.8%
    against 0.4% for SPY") or a drawdown's anywhere in the sentence?"""
    return any(where == "anywhere" or first.end <= at < second.start for at, where in races)


def _price_move(
    sentence: Sentence, words: ReadingVocabulary, owner: Mention, figure: Figure
) -> bool:
    """Is ``figure`` how far its ``owner``'s shares moved, its verb right after the name
    ("Arthur J. Gallagher fell 4%"), not a metric of it ("Lyft's rides grew 15%")?"""
    start = sentence.tail_end(owner)
    start -= 2 if sentence.text[start - 2 : start] in ("'s", "\u2019s") else 0
    gap = sentence.text[start : figure.start]
    return bool(_move_sign(sentence, words, figure)) and bool(_PRICE_GAP.fullmatch(gap))


def _move_sign(sentence: Sentence, words: ReadingVocabulary, figure: Figure) -> int:
    """-1 after a word of a fall right before the figure ("OIH lost 9%"), 1 after one of a
    rise ("shares rose 2%"), else 0: is the figure how far a price moved, and which way?"""
    low = max(0, figure.start - VERB_REACH)
    if words.falls.search(sentence.text, low, figure.start):
        return -1
    return 1 if words.rises.search(sentence.text, low, figure.start) else 0


def _signed(
    sentence: Sentence, words: ReadingVocabulary, figure: Figure, elided: float | None = None
) -> float:
    """The figure's value, below zero after a word of a fall ("OIH lost 9%"), or with the
    sign of the figure before it when its verb is left out ("lost 4.2%, Broadcom 5.1%")."""
    sign = _move_sign(sentence, words, figure)
    if sign:  # "fell 10% while Robinhood's rose 30%": no verb left out
        return sign * abs(figure.value)
    if elided is not None and elided < 0 < figure.value:
        return -figure.value
    return figure.value


def _listed_after(
    sentence: Sentence, words: ReadingVocabulary, figure: Figure, figures: list[Figure]
) -> float | None:
    """The signed value of the figure a figure is listed after ("fell 15% and 12%": -15 for
    the 12%, whose verb is left out), else None."""
    before = [f for f in figures if f.end <= figure.start]
    if not before or not _LISTED_FIGURE.fullmatch(sentence.text, before[-1].end, figure.start):
        return None
    sign = _move_sign(sentence, words, before[-1])
    return sign * abs(before[-1].value) if sign else None


def _owner(sentence: Sentence, figure: Figure) -> Mention | None:
    """The ticker a figure is of: one right after it ("9.6% for RSP", "0.20% that SPYD
    charges"), else the nearest before it in its part of the sentence."""
    after = sentence.right_after(figure.end, _OWNER_AFTER)
    if after is not None and not _POSSESSIVE.match(sentence.text, after.end):
        return after  # not "3.4% to CVX's 4.2%": that names the next figure's owner
    low = max((m.end() for m in _SCOPES.finditer(sentence.text, 0, figure.start)), default=0)
    before = next(iter(sentence.before(figure.start, low)), None)
    return sentence.outer(before) if before else None


def _figure_metric(
    sentence: Sentence,
    words: ReadingVocabulary,
    figure: Figure,
    figures: list[Figure],
    owner: Mention | None,
) -> tuple[str | None, bool]:
    """The metric named right before a figure (or right after it: "0.20% that SPYD charges";
    a phrase right after it wins over one further before it: "Cash parking: SGOV (0.09% fee)"),
    with no other figure between, and whether its phrase is a price move ("gained", "lost").
    None: the figure has no metric of its own ("lost 4.2%, Broadcom 5.1%"), nor has a move
    whose metric phrase is part of its ``owner``'s name ("the S&P 500 Low Volatility ETF (SPLV)
    fell 12%")."""
    low, high = sentence.clause(figure.start, figure.end)
    start = max(
        [low, figure.start - _METRIC_BEFORE, *(f.end for f in figures if f.end <= figure.start)]
    )
    before = words.metric_phrases.find(sentence.text[start : figure.start])
    if (
        before
        and figure.text[:1] in _SIGNS
        and any(f.end == start for f in figures)
        and not sentence.text[start : start + before[0].start].strip()
    ):
        before = before[1:]  # "a 0.75% fee, versus +41% for QQQ": the fee is the 0.75%'s
    moved = bool(_move_sign(sentence, words, figure))
    if moved and owner is not None and before and start + before[-1].start < owner.end:
        return None, False  # "the S&P 500 Low Volatility ETF (SPLV) fell 12%": its name's words
    end = min(
        [high, figure.end + _METRIC_AFTER, *(f.start for f in figures if f.start >= figure.end)]
    )
    after = [  # not a fund's name after it ("0.09% on SPDR S&P 500 ETF Trust (SPY)")
        p
        for p in words.metric_phrases.find(sentence.text[figure.end : end])
        if not any(m.start <= figure.end + p.start < m.end for m in sentence.mentions)
    ]
    if moved and not before:
        after = []  # "dropped 7% on a fuel-cost warning": a price move, its reason after it
    if (
        before
        and after
        and not sentence.text[figure.end : figure.end + after[0].start].strip()
        and sentence.text[start + before[-1].end : figure.start].strip()
    ):
        before = []  # "Cash parking: SGOV (0.09% fee)": the phrase right after it is its metric
    found = before[-1:] or after[:1]
    if found and words.metric_of[found[0].key] == NO_METRIC:
        return None, False  # "tracks the same index for 0.15%": no metric of its own
    if not found:
        # a signed figure with no metric is a price move ("Rotation day: $IWM +2.5%, $QQQ -1.1%")
        signed = figure.text[:1] in _SIGNS
        return (_MOVE_METRIC, True) if signed else (None, False)
    if moved:  # "the S&P 500 dropped 25%": a return
        change = words.change_metric_of[found[0].key]
        return change, found[0].key in words.moves or change in (_MOVE_METRIC, _PRICE)
    return words.metric_of[found[0].key], found[0].key in words.moves


def _even_verdicts(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """A sentence naming no ticker that calls the tickers it refers to even ("We see no edge
    either way", "Neither is the better buy", "hard to pick, holding both"): one neutral
    reading about the whole sentence (a verdict: see :func:`sentiment.aggregate.is_verdict`).
    Only a phrase that needs no metric, and only with "both", "neither" or "either" in the
    sentence, so "it makes no difference to our estimates" is none, unless the phrase speaks
    of the choice itself ("it depends on how you use it", "a coin flip"); or a sentence opening
    "Which ... depends on" ("Which one to own depends on how long you hold")."""
    which = _WHICH_DEPENDS.search(sentence.text)
    if which and not sentence.mentions:  # "Which is better depends on whether you want..."
        return [Reading(KIND, None, NEUTRAL, which.group(), *which.span())]
    both = bool(_BOTH.search(sentence.text))
    for match in words.balanced.pattern.finditer(sentence.text):
        needs = words.balanced.value(match.group())[0]
        if needs == "choice" or (needs == "-" and both):
            return [Reading(KIND, None, NEUTRAL, match.group(), *match.span())]
    return []


def _balanced(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """Neutral for each ticker of a clause that compares them evenly ("both", "similar")."""
    found = []
    for match in words.balanced.pattern.finditer(sentence.text):
        low, high = sentence.clause(*match.span())
        needs = words.balanced.value(match.group())[0]
        near = sentence.text[max(low, match.start() - _NEAR) : min(high, match.end() + _NEAR)]
        if needs == "metric" and not words.metric_phrases.find(near):
            continue
        # a rank's word outside the phrase itself ("neither is clearly better" is a tie)
        outside = ((low, match.start()), (match.end(), high))
        if any(words.unbalanced.search(sentence.text, a, b) for a, b in outside):
            continue  # "Kroger and Target both look worse positioned": a side, not a tie
        symbols = {m.symbol for m in sentence.after(low, high)}
        if len(symbols) < 2:
            symbols = set(sentence.symbols)
        if len(symbols) < 2:
            continue
        for symbol in dict.fromkeys(m.symbol for m in sentence.mentions if m.symbol in symbols):
            found.append(Reading(KIND, symbol, NEUTRAL, match.group(), *match.span()))
    return found


def _one_range(between: str) -> bool:
    """The two figures are the ends of one range ("8-10%", "8 to 10%", "8 and 10%"): the
    figure layer's range joins, "and" included (a comparison never reads one)."""
    return is_range_join(between) or is_and_join(between)
