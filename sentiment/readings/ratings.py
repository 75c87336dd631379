"""Ratings and actions: rating names, upgrades and downgrades, price targets and estimates
raised or cut, top picks, long and short. Each is read for the rated ticker, never the broker.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from itertools import product

from sentiment.readings.sentence import LISTED_MOVE, NEGATED_BEFORE, NOT_DONE, Sentence
from sentiment.readings.types import NEGATIVE, NEUTRAL, POSITIVE, STRONG, Mention, Reading, flipped
from sentiment.readings.vocabulary import PARTIAL, ReadingVocabulary

KIND = "rating"
_RANK = {POSITIVE: 1, NEUTRAL: 0, NEGATIVE: -1}
_OBJECT_GAP = re.compile(r"\s+(?:(?:on|for|of|in)\s+)?(?:(?:the\s+)?shares\s+of\s+)?", re.I)
# A rating "on" or "for" its ticker, maybe past "shares of" or a word that describes it ("kept
# its Buy on supplier Howmet Aerospace").
_RATED_ON = re.compile(
    r"\s*(?:ratings?\s+)?(?:on|for)\s+(?:(?:the\s+)?shares\s+of\s+|(?!(?:the|its|a|an|our|their)\s)"
    r"(?-i:[a-z][\w-]+)\s+)?",
    re.I,
)
_RATING_AFTER = re.compile(
    r"\s*(?:-\s*rated|\s+rating|\s+on\b|\s+(?:reiterated|maintained|reaffirmed)\b)", re.I
)
_ALONE_AFTER = re.compile(r"[\s.!,)*]*")
# What may follow a rating alone in its segment: its price target ("; Overweight, $400 target").
_TARGET_AFTER = re.compile(
    r"\s*(?:,|with)?\s*(?:an?\s+)?(?:(?:price\s+)?target\s+(?:of\s+)?|PT\s+)?\$\s?\d[\d,.]*"
    r"(?:\s+(?:price\s+)?target|\s+PT)?[\s.!)*]*",
    re.I,
)
_PASSIVE = re.compile(r"\b(?:is|was|were|been|be|are|being|gets|got)\s+$", re.I)
_FROM_TO = re.compile(
    r"(?:\bto\s+\$?\s?(?P<to>\d[\d,]*(?:\.\d+)?)\s*(?:,\s*)?(?:from|vs\.?)\s+\$?\s?"
    r"(?P<from>\d[\d,]*(?:\.\d+)?))|(?:\bfrom\s+\$?\s?(?P<from2>\d[\d,]*"
    r"(?:\.\d+)?)\s+to\s+\$?\s?(?P<to2>\d[\d,]*(?:\.\d+)?))",
    re.I,
)
# "Lam Research (LRCX) goes to $85 from $95": a target said to go or move, in a list of moves.
_GOES = re.compile(r"\s+(?:goes|go|went|moves|move|moved)(?=\s+to\s)", re.I)
# "Healthpeak (DOC) was trimmed to $20 from $22": a passive revision verb before the move.
_PASSIVE_AFTER = re.compile(r"\s*,?\s*(?:was|were|is|got|gets)\s+", re.I)
# A word that opens another clause between a revision's noun and a verb after it.
_JOINT = re.compile(r"\b(?:as|while|because|since|when|whereas|and|but|with)\b", re.I)
# Right before a revision noun with its verb after it: what beats or misses estimates.
_BEATEN = re.compile(
    r"\b(?:beat|beats|beating|topped|tops|missed|misses|exceeded|exceeds|above|below|ahead\s+of"
    r"|short\s+of|vs\.?|versus)\s+(?:[\w$.'-]+\s+){0,3}$",
    re.I,
)
_WORDS_BETWEEN = re.compile(r"[\s\-]+(?:[\w$'./()]+[\s\-]+){0,4}")
_IT_IS = re.compile(r"\bit(?:\s+is|['\u2019]s)\s+(?:\w+\s+){0,2}$", re.I)
# A rating word negated as a verb: "This is not a dip to buy", "no reason to buy".
_NOT_TO = re.compile(r"\b(?:not|no|never)\s+(?:\w+\s+){0,3}?(?:to|reason\s+to)\s+$", re.I)
# Between a revision's verb and noun: an estimate that is the company's own, or of a cost.
_NOT_RATED = re.compile(
    r"\b(?:own|loss|losses|cost|costs|charges?|expenses?|claims|catastrophe|impairments?)\b", re.I
)
# A maturity, not a position: "Short Term", "Long-Duration", "short-dated" (a bond fund's name).
_TERM_AFTER = re.compile(r"[\s-]+(?:term|duration|dated|maturity)\b", re.I)
# The one ticker of the sentence held by a position word: "we would underweight it".
_HELD_IT = re.compile(r"\s+(?:it|the\s+(?:stock|shares|fund|ETF|name))\b", re.I)
_POSITION_GAP = re.compile(r"\s*(?:(?:a\s+)?position\s+in\s+|in\s+|on\s+)?(?:the\s+)?", re.I)
_REACH = 60  # how far after an action its rating may be
# Between a trade verb and its cashtag: "sold my $DIS", "added more $ELF", "bought some $X".
_TRADE_GAP = re.compile(r"\s*(?:(?:my|more|some|a\s+few|a\s+little|back)\s+){0,2}", re.I)
# A post's parts: "$ELF ripping after that guide. still adding here" is one sentence to the
# segmenter (a lower-case word follows the full stop).
_TRADE_PART = re.compile(r"[.!?;\n]\s*")
# What may open a sentence (or a post's part) before its trade verb: "still adding here",
# "I'm shorting the bounce".
_TRADE_OPENER = re.compile(
    r"^\W*(?:(?:i|we|i'm|im|i've|ive|we're|been|just|still|now|also|and|so)\s+){0,3}$", re.I
)
# After "$URI long" / "$HRI short": the shorthand's end ("short interest" is no position).
_SHORTHAND_END = re.compile(r"\s*(?:$|[,.;:)/]|(?:vs\.?|versus|into|and|against|with)\b)", re.I)
_SPACES_ONLY = re.compile(r"\s+")
_VS_BEFORE = re.compile(r"\b(?:vs\.?|versus)\s+$", re.I)
_MODAL_BEFORE = re.compile(
    r"\b(?:could|may|might|would)\s+(?:(?:also|still|well|then|likely)\s+)?(?:have\s+to\s+)?$",
    re.I,
)
_EXITED = re.compile(
    r"\b(?:exit|exits|exited|exiting|close|closes|closed|closing|unwind|unwinding|unwound)\s+"
    r"(?:our|the|my|this)\s+(?:[\w$.'/-]+\s+){0,3}?$",
    re.I,
)
# Between a leg of a pair and the next ("long Lowe's / short Home Depot").
_OTHER_LEG = re.compile(r"\s*(?:/|,|&|and|vs\.?|versus|against)\s*", re.I)
_HOUSE_RATING = re.compile(r"\b(?:its|their|his|her)\s+$", re.I)
_REVISED_AT = re.compile(r"\s+at\s+", re.I)
_RATED_AT = re.compile(r"\s+(?:at|to)\s+", re.I)
_WHICH_RATED = re.compile(
    r"\s*,?\s*(?:both|all|each)\s+of\s+(?:which|them)\s+(?:(?:we|is|are)\s+)?"
    r"(?:rate|rated|stay|stays|remain|remains)\s+(?:at\s+)?",
    re.I,
)
# A listed subject's plural verb before its rating: "Datadog and MongoDB, which also sell on
# consumption, are rated Overweight".
_ARE_RATED = re.compile(
    r"\s+(?:(?:are|were|remain|stay)\s+)(?:(?:both|all|also|still)\s+)?(?:rated\s+)?(?:at\s+)?",
    re.I,
)
_AFTER_TICKER = re.compile(r"[\s:]*")
# A second verb after a rating cue, a semicolon or a reason's "after", past which the rated
# ticker is not looked for ("We reiterate Buy; Nike's print next week is the next read",
# "reiterated Buy, after Meta Platforms told investors").
_NEXT_VERB = re.compile(
    r"\band\s+(?:sees|says|expects|thinks|notes|argues|calls|views|flags|warns|adds)\b|;"
    r"|,\s+after\b|,\s+(?:citing|saying|noting|arguing|pointing\s+to)\b",
    re.I,
)
_TO_RATING = re.compile(r"\s+to\s+", re.I)
# A colon after a rating cue opening its reason, not a list of what is rated ("We remain
# Neutral: the quarter was fine, yet T-Mobile ..."; not "Outperform: Nvidia, Broadcom").
_EXPLAINED = re.compile(r"\s*:\s+(?:the|it|its|we|our|this|that|a|an)\b", re.I)
# A name in capitals right after a deal's verb or a rating action, not a rating's context
# ("TO BUY BRAZE", "DOWNGRADES TARGET CORP"; not "UPGRADED TO BUY FROM HOLD").
_CAPS_NAME = re.compile(
    r"\s+(?!(?:TO|FROM|AT|ON|WITH|RATING|AND|IN|FOR|THE|ITS|OUR)\b)[A-Z][A-Z&.'-]+"
)


def read_ratings(
    sentence: Sentence,
    words: ReadingVocabulary,
    sources: Collection[Mention],
    peers: Collection[Mention] = (),
) -> list[Reading]:
    """Every rating, rating action, revision, pick and position of the sentence; a rating's
    name is not on a peer named for context ("as peers such as Allstate step up their ad
    budgets, but we stay at Buy"), nor kept beside a revision the other way ("lowers its
    target on Tesla (TSLA) to $280, though it keeps an Overweight rating": the action
    speaks)."""
    actions = list(_actions(sentence, words, sources))
    revised = _revisions(sentence, words, sources)
    against = {(r.ticker, flipped(r.effect)) for r in revised if r.effect != NEUTRAL}
    rated = _ratings(sentence, words, {*sources, *peers}, actions)
    found = actions + [r for r in rated if (r.ticker, r.effect) not in against]
    found += revised
    found += _picks(sentence, words, sources)
    found += _positions(sentence, words)
    found += _trades(sentence, words)
    found += _legs(sentence, words)
    return found


def rated_ticker(
    sentence: Sentence, start: int, end: int, sources: Collection[Mention], after: bool = True
) -> tuple[str | None, bool]:
    """The ticker a rating cue at [start, end) is about, and whether one was found: the one
    it is "on"/"for", else one inside the cue ("our MU target"), else the nearest non-source
    in its segment (before, then after), else in the sentence; (None, True) for a sentence
    with no ticker, or none but sources ("Morgan Stanley upgraded the stock": it is about its
    subject). ``after`` False: never a ticker after the cue but the one it is "on" (a
    revision: "target raised after the purchase of Lumen")."""
    if all(m in sources for m in sentence.mentions):
        return None, True
    mention = rated_mention(sentence, start, end, sources, after)
    return (mention.symbol, True) if mention else (None, False)


def rated_mention(
    sentence: Sentence, start: int, end: int, sources: Collection[Mention], after: bool = True
) -> Mention | None:
    """The mention :func:`rated_ticker` picks (None if none)."""
    on = sentence.right_after(end, _RATED_ON)
    if on is not None:
        return on
    low, high = sentence.segment(start, end)
    verb = _NEXT_VERB.search(sentence.text, end)
    stop = verb.start() if verb else len(sentence.text)  # "reiterates Buy and sees Lyft (LYFT)
    # as the share donor": Lyft is the next verb's object, not the rated one
    tiers = (
        [m for m in sentence.mentions if start <= m.start and m.end <= end],  # "our MU target"
        sentence.before(start, low),
        sentence.after(end, min(high, stop)) if after else [],
        _labelled(sentence, start),  # "- Qualcomm (QCOM): Apple modem loss baked in; Hold"
        sentence.before(start),
        # not past a colon right after the cue: "We remain Neutral: ... T-Mobile keeps growing"
        # explains the rating, it does not name what is rated
        sentence.after(end, stop) if after and not _EXPLAINED.match(sentence.text, end) else [],
    )
    # A possessive qualifying another noun ("helped by Nvidia's ramp, we raise our estimates":
    # Dell's) and a ticker in another's apposition ("Solventum (SOLV), the business 3M (MMM)
    # spun off, at Overweight": SOLV's) are rated only when no other is.
    for modifiers, aside in product((False, True), repeat=2):
        for mention in (m for candidates in tiers for m in candidates):
            if (
                mention not in sources
                and _modifies(sentence, mention, start) == modifiers
                and (mention in sentence.apposed) == aside
            ):
                return mention
    return None


def _labelled(sentence: Sentence, start: int) -> list[Mention]:
    """The ticker heading the sentence's line as its label (:attr:`Sentence.label`), when the
    cue at ``start`` comes after it (the line's items are about it)."""
    label = sentence.label
    return [label] if label is not None and label.end <= start else []


def _modifies(sentence: Sentence, mention: Mention, cue: int) -> bool:
    """Is ``mention`` a possessive that qualifies another noun ("Nvidia's Blackwell ramp"),
    not the cue ("Nvidia's estimates")? Such a mention is rated only when no other is."""
    text = sentence.text
    return text[mention.end : mention.end + 2] in ("'s", "’s") and not (
        mention.end < cue <= mention.end + 3
    )


def _reading(sentence: Sentence, effect: str, start: int, end: int, ticker: str | None) -> Reading:
    return Reading(KIND, ticker, effect, sentence.text[start:end], start, end)


def _ratings(
    sentence: Sentence,
    words: ReadingVocabulary,
    sources: Collection[Mention],
    actions: list[Reading],
) -> Iterator[Reading]:
    text = sentence.text
    hits = list(_rating_hits(sentence, words))
    old = [(match, rating) for match, rating, is_old in hits if is_old]
    for match, rating, is_old in hits:
        if is_old:
            continue
        effect = rating[0]
        start, end = match.span()
        if _NOT_TO.search(text, max(0, start - 30), start):
            continue  # "This is not a dip to buy": no rating
        pair = next(
            (o for o in old if 0 <= o[0].start() - end <= 12 or 0 <= start - o[0].end() <= 12),
            None,
        )
        if pair is not None:
            effect = _change(rating, pair[1])
            start, end = min(start, pair[0].start()), max(end, pair[0].end())
        on = sentence.right_after(end, _RATED_ON)
        if on is None and _HOUSE_RATING.search(text, max(0, start - 8), start):
            continue  # "Morgan Stanley kept its Overweight rating": the house's, not about it
        if not sentence.mentions:
            yield _reading(sentence, effect, start, end, None)
            continue
        mention = on or rated_mention(sentence, start, end, sources)
        if mention is None or any(
            a.effect != NEUTRAL and a.ticker == mention.symbol and a.end <= start for a in actions
        ):
            continue  # "downgraded to Neutral": the action speaks
        listed = []
        if on is not None:  # "Outperform ratings on Progressive and Travelers"
            listed = sentence.listed_after(on)
        elif mention.end <= start and (
            _RATED_AT.fullmatch(text, sentence.tail_end(mention), start)
            or _WHICH_RATED.fullmatch(text, sentence.tail_end(mention), start)
            or _ARE_RATED.fullmatch(text, sentence.relative_end(mention), start)
        ):
            listed = sentence.listed_before(mention)  # "USB and Truist (TFC) at Equal Weight",
            # "Fifth Third (FITB) and Huntington (HBAN), both of which we rate Outperform"
        for each in (*listed, mention):
            yield _reading(sentence, effect, start, end, each.symbol)


def _in_deal(sentence: Sentence, words: ReadingVocabulary, match: re.Match[str]) -> bool:
    """Does a deal phrase end with ``match``, with a ticker right after it, or a name the
    finder did not take ("SALESFORCE TO BUY BRAZE"; not "UPGRADED TO BUY FROM HOLD")?"""
    for deal in words.deals.pattern.finditer(
        sentence.text, max(0, match.start() - 20), match.end()
    ):
        if deal.end() != match.end():
            continue
        if sentence.right_after(deal.end(), _OBJECT_GAP) or _CAPS_NAME.match(
            sentence.text, deal.end()
        ):
            return True
    return False


def _change(new: tuple[str, ...], old: tuple[str, ...]) -> str:
    """A rating change's effect: the new rating's rank against the old one's (ratings.tsv's
    rows: effect, and "strong" for a rating a step past its side's: Strong Buy over Buy)."""
    difference = _rank(new) - _rank(old)
    return POSITIVE if difference > 0 else NEGATIVE if difference < 0 else NEUTRAL


def _rank(rating: tuple[str, ...]) -> int:
    return _RANK[rating[0]] * (2 if rating[1:] == (STRONG,) else 1)


def _rating_hits(
    sentence: Sentence, words: ReadingVocabulary
) -> Iterator[tuple[re.Match[str], tuple[str, ...], bool]]:
    """(match, its row of ratings.tsv (effect, maybe "strong"), is the old rating of a change)
    for each rating name in a rating's place."""
    text = sentence.text
    for match in words.ratings.pattern.finditer(text):
        written = match.group()
        if not written[0].isupper() or re.match(r"-(?!\s*rated)\w", text[match.end() :]):
            continue
        if sentence.shouting and _in_deal(sentence, words, match):
            continue  # "AGREED TO BUY COMERICA": in capitals a deal's verb looks like a rating
        lead = words.rating_leads.search(text, max(0, match.start() - 40), match.start())
        low, high = sentence.segment(*match.span())
        alone = not text[low : match.start()].strip() and (
            _ALONE_AFTER.fullmatch(text, match.end(), high) is not None
            or _TARGET_AFTER.fullmatch(text, match.end(), high) is not None
            or _RATING_AFTER.match(text, match.end()) is not None
        )
        previous = next(iter(sentence.before(match.start())), None)
        after_ticker = previous is not None and _AFTER_TICKER.fullmatch(
            text, sentence.tail_end(previous), match.start()
        )
        if not (lead or alone or after_ticker or _RATING_AFTER.match(text, match.end())):
            continue
        is_old = bool(lead) and lead.group().split()[0].lower() == "from"
        yield match, words.ratings.value(written), is_old


def _actions(
    sentence: Sentence, words: ReadingVocabulary, sources: Collection[Mention]
) -> Iterator[Reading]:
    """Upgrades and downgrades, for the ticker after an active one or before a passive one."""
    text = sentence.text
    for match in words.rating_actions.pattern.finditer(text):
        start, end = match.span()
        effect, *needs = words.rating_actions.value(match.group())
        target = sentence.right_after(end, _OBJECT_GAP)
        if needs:  # "cut Diamondback Energy to Market Perform", "UBS cut it to Neutral"
            referred = None if target else words.rating_objects.match(text, end)
            # "cut Nucor (NUE) and Steel Dynamics (STLD) to Neutral": each of a list
            listed = sentence.listed_after(target) if target else []
            last = listed[-1] if listed else target
            after = sentence.tail_end(last) if last else referred.end() - 1 if referred else end
            to = _TO_RATING.match(text, after)  # "Halliburton (HAL): lowered to Neutral at Citi"
            rating = words.ratings.pattern.match(text, to.end()) if to else None
            if rating is None or not rating.group()[0].isupper():
                continue
            if target is not None:
                for each in (target, *listed):
                    yield _reading(sentence, effect, start, end, each.symbol)
            else:
                ticker, found = rated_ticker(sentence, start, end, sources)
                if found:
                    yield _reading(sentence, effect, start, end, ticker)
            continue
        passive = _PASSIVE.search(text, max(0, start - 12), start) is not None
        if target is None and not passive and sentence.shouting and _CAPS_NAME.match(text, end):
            continue  # "BOFA DOWNGRADES TARGET CORP TO NEUTRAL": the rated name went unfound,
            # and the house before the action is no rated ticker
        rated_after = words.ratings.pattern.search(text, end, min(len(text), end + _REACH))
        if not (target or passive or rated_after or match.group().isupper()):
            continue
        if target is not None and not passive:
            yield _reading(sentence, effect, start, end, target.symbol)
            continue
        ticker, found = rated_ticker(sentence, start, end, sources)
        if found:
            yield _reading(sentence, effect, start, end, ticker)


def _revisions(
    sentence: Sentence, words: ReadingVocabulary, sources: Collection[Mention]
) -> list[Reading]:
    """Price targets and estimates raised or cut ("we lower our price target on Pfizer")."""
    text, found = sentence.text, []
    nouns = list(words.revision_nouns.finditer(text))
    for noun in nouns:
        if any(m.start <= noun.start() and noun.end() <= m.end for m in sentence.mentions):
            continue  # "We cut Target to Underperform": the noun is a ticker
        low, high = sentence.clause(*noun.span())
        verb = _revision_verb(text, words, noun, low, high)
        if verb is not None:
            direction, start, end = words.revisions.value(verb.group())[0], *verb.span()
            if direction == "-":
                continue  # "until its Pro push shows up in the numbers": no revision
            if _MODAL_BEFORE.search(text, max(0, start - 24), start):
                continue  # "the bank could trim its full-year forecast": no revision made
            if NOT_DONE.search(text, max(0, start - 16), start):
                continue  # "held its EPS guide instead of raising it": not raised
            if _NOT_RATED.search(text, min(start, noun.start()), max(end, noun.start())):
                continue  # "raising its own catastrophe loss estimate": the company's, of a cost
        else:
            direction = _by_figures(text, noun.end(), high)
            start, end = noun.span()
        if direction is None:
            continue
        start, end = min(start, noun.start()), max(end, noun.end())
        effect = POSITIVE if direction == "up" else NEGATIVE
        at = sentence.right_after(end, _REVISED_AT)  # "Cutting estimates at Polaris (PII)"
        ticker, ok = (at.symbol, True) if at else rated_ticker(sentence, start, end, sources, False)
        if ok:
            found.append(_reading(sentence, effect, start, end, ticker))
    if nouns:
        return found + _listed_revisions(sentence, words, sources)
    listed = _listed_revisions(sentence, words, sources, False)
    return found + _label_revision(sentence, words) + listed


def _label_revision(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """A line of a list of target changes, "Kroger (NYSE:KR): Evercore ISI to $68 from $64":
    the broker right after the label moved the labelled ticker's target."""
    label = _labelled(sentence, len(sentence.text))
    if not label or len(sentence.mentions) < 2:
        return []
    broker = sentence.mentions[1]
    if broker.symbol not in words.brokers:
        return []
    move = LISTED_MOVE.match(sentence.text, sentence.tail_end(broker))
    direction = _by_figures(sentence.text, sentence.tail_end(broker), len(sentence.text))
    if move is None or direction is None:
        return []
    effect = POSITIVE if direction == "up" else NEGATIVE
    return [_reading(sentence, effect, move.start(1), move.end(1), label[0].symbol)]


def _listed_revisions(
    sentence: Sentence,
    words: ReadingVocabulary,
    sources: Collection[Mention] = (),
    named: bool = True,
) -> list[Reading]:
    """ "Price target moves: Goldman Sachs (GS) to $850 from $780; U.S. Bancorp (USB) to $52
    from $55": each ticker followed by a "to ... from ..." of its own, or by a passive
    revision verb and one ("while Healthpeak (DOC) was trimmed to $20 from $22"). ``named``
    False (the sentence names no revision noun): only a target said to go or move there
    ("Lam Research (LRCX) goes to $85 from $95", the targets named a sentence before). In a
    sentence naming only houses (``sources``), each moved the target of the company the
    sentence is about ("Wells Fargo goes to $62 from $70, Barclays to $68 from $75")."""
    found, listing = [], named
    houses_only = all(m in sources for m in sentence.mentions)
    for mention in sentence.mentions:
        tail = sentence.tail_end(mention)
        goes = _GOES.match(sentence.text, tail)
        if goes:
            tail = goes.end()
            listing = True  # the list's later items leave the verb out ("and AMAT to $190 ...")
        elif not listing:
            continue
        passive = _PASSIVE_AFTER.match(sentence.text, tail)
        if passive:
            verb = words.revisions.pattern.match(sentence.text, passive.end())
            tail = verb.end() if verb else tail
        match = LISTED_MOVE.match(sentence.text, tail)
        direction = _by_figures(sentence.text, tail, len(sentence.text)) if match else None
        if direction is not None:
            effect = POSITIVE if direction == "up" else NEGATIVE
            rated = sentence.rated_before(mention, words.brokers)
            symbol = rated.symbol if rated else None if houses_only else mention.symbol
            found.append(_reading(sentence, effect, match.start(1), match.end(1), symbol))
    return found


def _revision_verb(
    text: str, words: ReadingVocabulary, noun: re.Match[str], low: int, high: int
) -> re.Match[str] | None:
    """The revision verb a few words before the noun, or right after it, in its clause."""
    before = [
        m
        for m in words.revisions.pattern.finditer(text, max(low, noun.start() - 50), noun.start())
        if _WORDS_BETWEEN.fullmatch(text, m.end(), noun.start())
    ]
    if before:
        return before[-1]
    if _BEATEN.search(text, max(low, noun.start() - 40), noun.start()):
        return None  # "topped sales estimates with comps up 6%": estimates beaten, not revised
    for match in words.revisions.pattern.finditer(text, noun.end(), min(high, noun.end() + 40)):
        if _JOINT.search(text, noun.end(), match.start()):
            break  # "to miss EPS on Thursday as markdowns rise": another clause's verb
        if _WORDS_BETWEEN.fullmatch(text, noun.end(), match.start()) or match.start() == noun.end():
            return match
        break
    return None


def _by_figures(text: str, start: int, high: int) -> str | None:
    """ "to $250 from $230" (or "from $230 to $250") right after a revision noun."""
    match = _FROM_TO.search(text, start, min(high, start + 50))
    if match is None or text[start : match.start()].count(" ") > 4:
        return None
    new = float((match["to"] or match["to2"]).replace(",", ""))
    old = float((match["from"] or match["from2"]).replace(",", ""))
    return "up" if new > old else "down" if new < old else None


# A pick phrase about "the shares" and what may name whose they are.
_THE_STOCK_END = re.compile(r"\bthe\s+(?:shares|stock|name)$", re.I)
_OF_GAP = re.compile(r"\s+of\s+(?:the\s+)?", re.I)
# A pick phrase said of several: a plural noun at its end, or a plural verb at its start.
_PLURAL = re.compile(r"s$|^look\s", re.I)


# A pick phrase naming whom it is for, and the words before them: "read for pipeline partners".
_FOR_END = re.compile(r"\s(?:for|to)$", re.I)
_FOR_GAP = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,3}?", re.I)
# Between a ticker and a pick phrase it holds: its "(SYM)" and a possessive ("Evercore's").
_OWNER = re.compile(r"(?:\s*\([^()]{1,16}\))?['\u2019]s?\s+")


def _picks(
    sentence: Sentence, words: ReadingVocabulary, sources: Collection[Mention]
) -> list[Reading]:
    """ "remains our top pick", "our least preferred"."""
    found = []
    for match in words.picks.pattern.finditer(sentence.text):
        effect = words.picks.value(match.group())[0]
        if NEGATED_BEFORE.search(sentence.text, max(0, match.start() - 24), match.start()):
            continue  # "neither is the better choice", "not our top pick"
        if not sentence.mentions:  # about the sentence's subject (rated_ticker's rule)
            if not match.group().endswith(":"):  # but a list's label lists none ("Leaders:")
                found.append(_reading(sentence, effect, *match.span(), None))
            continue
        if _THE_STOCK_END.search(match.group()):
            # "we would own the shares into results": the shares of the note's company, or of
            # the ticker right after ("avoid the shares of Wingstop"), not of one named before
            mention = sentence.right_after(match.end(), _OF_GAP)
            found.append(_reading(sentence, effect, *match.span(), mention and mention.symbol))
            continue
        if _FOR_END.search(match.group()):
            # "Positive read for Valero (VLO) and Phillips 66 (PSX)": the companies after "for"
            mention = sentence.right_after(match.end(), _FOR_GAP)
            if mention is not None:
                for each in (mention, *sentence.listed_after(mention)):
                    found.append(_reading(sentence, effect, *match.span(), each.symbol))
            continue
        mention = rated_mention(sentence, *match.span(), sources)
        if mention is not None and _OWNER.fullmatch(sentence.text, mention.end, match.start()):
            # "Evercore's top pick in coffee remains Dutch Bros (BROS)": the pick's holder
            mention = next(iter(sentence.after(match.end())), None)
        if _IT_IS.search(sentence.text, max(0, match.start() - 16), match.start()):
            mention = sentence.mentions[0]  # "QQQM charges 0.15% versus 0.20% for QQQ, so it
            # is the better choice": the sentence's subject, not the ticker named last
        if mention is None:
            continue
        listed = []
        if mention.end <= match.start() and _PLURAL.search(match.group()):
            listed = sentence.listed_before(mention)  # "DUK and D remain our preferred names",
            # "WDAY and NOW look stretched"
        elif mention.start >= match.end() and match.group().endswith(":"):
            listed = sentence.listed_after(mention)  # "Worst: Conagra (-31%) and Pfizer (-9%)"
        for each in (mention, *listed):
            found.append(_reading(sentence, effect, *match.span(), each.symbol))
    return found


# Between a position's ticker and the ticker it is held against ("overweight Alphabet versus
# Meta Platforms").
_AGAINST_GAP = re.compile(r"\s*(?:versus|vs\.?|against|relative\s+to)\s+", re.I)


def _positions(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """ "long $UNH, short $CVS": the ticker right after the word, and a list that follows (and
    the other side for a ticker held against it: "overweight Alphabet versus Meta"); a
    position being exited is none, on either leg ("We exit our long Costco / short BJ's
    trade": neutral for both)."""
    found = []
    exited = -1  # where the legs of a position being exited end
    for match in words.positions.pattern.finditer(sentence.text):
        if _EXITED.search(sentence.text, max(0, match.start() - 24), match.start()) or (
            exited >= 0
            and " " not in match.group()  # "... and go long Walmart": a new position
            and _OTHER_LEG.fullmatch(sentence.text, exited, match.start())
        ):
            # "We exit our long Costco / short BJ's trade": no position any more, either leg
            leg = sentence.right_after(match.end(), _POSITION_GAP)
            exited = sentence.tail_end(leg) if leg is not None else match.end()
            if leg is not None:
                found.append(_reading(sentence, NEUTRAL, *match.span(), leg.symbol))
            continue
        if _TERM_AFTER.match(sentence.text, match.end()):
            continue  # "SPDR Bloomberg Short Term High Yield Bond ETF": a fund's name
        effect = words.positions.value(match.group())[0]
        mention = sentence.right_after(match.end(), _POSITION_GAP)
        if mention is not None:
            held = [mention, *sentence.listed_after(mention)]
            against = sentence.right_after(sentence.tail_end(held[-1]), _AGAINST_GAP)
            if against is not None:  # "overweight Union Pacific versus CSX": the other leg
                found.append(_reading(sentence, flipped(effect), *match.span(), against.symbol))
        elif (
            _HELD_IT.match(sentence.text, match.end())
            and len(set(sentence.symbols)) == 1
            and sentence.mentions[0].end <= match.start()
        ):
            held = sentence.mentions[:1]  # "HYG yields 6.9%, ... and we would underweight it"
        else:  # "$URI long vs $HRI short": the shorthand's ticker before the word
            held = [m for m in (_held_before(sentence, match),) if m is not None]
        found += [_reading(sentence, effect, *match.span(), each.symbol) for each in held]
    return found


# Before a trade verb: someone else's trade, not the poster's.
_OTHERS_TRADE = re.compile(
    r"\b(?:whoever|anyone\s+who|those\s+who|people\s+who|everyone\s+who|if\s+you)\s+$", re.I
)


def _trades(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """A trader's own trades ("Sold my $DIS, bought $NFLX"): the cashtag right after the
    verb, and the cashtags listed after it ("bought more $O and $NNN"); in a sentence naming
    no ticker, a verb opening it ("still adding here") is about the post's ticker (the
    reading names none), and in one naming one cashtag, about that one where no other trade
    names it."""
    found, opened = [], []
    text = sentence.text
    tags = {m.symbol for m in sentence.mentions if text.startswith("$", m.start)}
    for match in words.trades.pattern.finditer(text):
        if _OTHERS_TRADE.search(text, max(0, match.start() - 16), match.start()):
            continue  # "Whoever bought $PTON at $160 must be feeling it": not the poster's
        effect, *marks = words.trades.value(match.group())
        if marks == [PARTIAL] and words.profit_taking.search(text):
            effect = NEUTRAL  # "Trimmed half my $NVDA after the run": profit taken, no view
        mention = sentence.right_after(match.end(), _TRADE_GAP)
        if mention is not None and mention.symbol in tags:
            for each in (mention, *sentence.listed_after(mention)):
                if each.symbol in tags:
                    found.append(_reading(sentence, effect, *match.span(), each.symbol))
            continue
        opens = _TRADE_OPENER.match(_TRADE_PART.split(text[: match.start()])[-1])
        if opens and not sentence.mentions:
            found.append(_reading(sentence, effect, *match.span(), None))
        elif opens and len(tags) == 1 and len(set(sentence.symbols)) == 1:
            opened.append(_reading(sentence, effect, *match.span(), next(iter(tags))))
    # a verb opening the sentence is about its one cashtag only where no trade names it
    # ("Trimmed half my position and rotated into $MSFT": the rotation is MSFT's)
    direct = {r.ticker for r in found}
    return found + [r for r in opened if r.ticker not in direct]


def _legs(sentence: Sentence, words: ReadingVocabulary) -> list[Reading]:
    """A pair trade written with verbs ("buy Caterpillar (CAT), sell Deere (DE) against
    it"): each verb's ticker right after it takes its side, where the sentence has a leg of
    each side on two different tickers, and asks no question ("Pair: buy Ross, sell TJX?")."""
    if sentence.text.rstrip().endswith("?"):
        return []
    legs = []
    for match in words.pair_legs.pattern.finditer(sentence.text):
        mention = sentence.right_after(match.end(), _POSITION_GAP)
        if mention is not None:
            effect = words.pair_legs.value(match.group())[0]
            legs.append(_reading(sentence, effect, *match.span(), mention.symbol))
    sides = {(r.effect, r.ticker) for r in legs}
    longs = {t for e, t in sides if e == POSITIVE}
    shorts = {t for e, t in sides if e == NEGATIVE}
    return legs if longs and shorts and not longs & shorts else []


def _held_before(sentence: Sentence, match: re.Match[str]) -> Mention | None:
    """The ticker a position word follows in a trader's shorthand ("$URI long vs $HRI short
    into earnings"), where the word ends its clause, a "vs" follows or one comes right before
    the ticker; else None."""
    before = next(iter(sentence.before(match.start())), None)
    if not _SHORTHAND_END.match(sentence.text, match.end()) and not (
        before is not None and _VS_BEFORE.search(sentence.text, 0, before.start)
    ):
        return None  # "$AMD long vs $INTC short remains our favorite pair": after "vs" too
    if before is None or not _SPACES_ONLY.fullmatch(
        sentence.text, sentence.tail_end(before), match.start()
    ):
        return None
    return before
