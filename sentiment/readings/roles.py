"""Roles: a ticker named as a source (the broker whose analyst is quoted, "according to", a
rating agency), a counterparty (a customer, supplier or partner named in passing) or a peer
for context ("ahead of rival X's report"). Such a ticker is neutral in its sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sentiment.attribution import default_words
from sentiment.readings.sentence import LISTED_MOVE, SPACES, Sentence
from sentiment.readings.types import NEUTRAL, Mention, Reading
from sentiment.readings.vocabulary import ReadingVocabulary, key

KIND = "role"
SOURCE = "source"
COUNTERPARTY = "counterparty"
PEER = "peer"
# A cue that names the kind of company the ticker is an example of ("brewers such as"): a
# counterparty when another company is named before it in the sentence, else no role.
EXAMPLE = "example"
# From a "before" cue to its ticker: "such as" may come first ("peers such as Allstate"), and
# the list's companies the finder does not know ("partnerships with Waymo, Nvidia and Baidu").
_BEFORE_GAP = re.compile(
    r"[\s,:]*(?:(?:such\s+as|like|including)\s+)?(?:the\s+)?"
    r"(?:[A-Z][\w&.'\u2019-]*(?:\s+[A-Z][\w&.'\u2019-]*)?,\s+){0,3}"
)
NONE = "none"
_SUBJECT_PLACE = re.compile(r"\W*(?:[\w'\u2019-]+\W+){0,2}")  # at most two words before a cue
_OF_ONE = re.compile(r"(?:reports|was|is|has|remains)\b", re.I)  # an after-cue's verb of one
# A house's rating action named as a noun right after it: "on a Morgan Stanley upgrade".
_ACTION_NOUN = re.compile(r"\s+(?:double[- ])?(?:upgrade|downgrade)\b", re.I)
# A house's unit named after it: "S&P Global Ratings placed ...", "Moody's Investors Service".
_UNIT = re.compile(r"\s*(?:(?:Ratings|Investors\s+Service|Research)\s+)?")
_BY_AT = re.compile(r"\b(?:at|by|from)\s+$", re.I)
# A house's call right after its name, before a rating's name: "Baird to Neutral", "Barclays
# stays Underweight", "BMO remains at Outperform".
_HOUSE_CALL = re.compile(
    r"\s*(?:(?:stays|stayed|remains|remained|is|was)\s+(?:at\s+)?|(?:(?:up|down)\s+)?to\s+"
    # "Truist up to Buy on Halliburton", "BofA out with a Buy on $UBER"
    r"|out\s+with\s+(?:an?\s+)?"
    # "KeyBanc moves to Overweight", "Stifel takes Darden Restaurants to Buy"
    r"|(?:moves|moved|moving|takes|took|taking|puts|put|cuts|cut|lifts|lifted|raises|raised"
    r"|lowers|lowered)"
    r"\s+(?:[\w.'&-]+\s+){0,4}?to\s+)",
    re.I,
)
# A rating action just before a mention: it is the action's object, not a house acting.
_ACTED_ON = re.compile(
    r"\b(?:upgrades?|downgrades?|upgraded|downgraded|cuts?|lifts?|lifted|moves?|moved|takes?"
    r"|took)\s+$",
    re.I,
)
# A broker written as a listed company, its symbol in brackets or as a cashtag ("KeyCorp
# (KEY)"), then its own results: "missed", "beat", "reported", "posted".
_LISTED_AS = re.compile(r"[($]\s*[A-Z]{1,5}\)?")
_COMPANY_NEWS = re.compile(
    r"\s*(?:also\s+)?(?:missed|beat|reported|posted|topped|earned|lost|grew|said\s+(?:its|net|first|second|third|fourth))\b",
    re.I,
)
# A house's target "on" a company: "raises its target on JPMorgan Chase (JPM) to $265".
_ON_BEFORE = re.compile(r"\b(?:on|for)\s+$", re.I)
_SOURCE_REACH = 40  # from a broker to the verb that makes it a source ("Jefferies' team says")
# Between a broker and its verb, the end of its clause: "KeyCorp's beat came from a lower tax
# rate; it cut its fee-income guidance" is the bank's own news, not a source's.
_CLAUSE_END = re.compile(r"[.;]")
# A source verb used as a noun: "KeyCorp topped earnings estimates", "consensus forecasts".
_NOUN_BEFORE = re.compile(
    r"\b(?:earnings|consensus|street|analysts?'?|the|its|their|our|revenue|sales)\s+$", re.I
)


@dataclass(frozen=True)
class Role:
    """A role reading with the mention it was read for and the role's name."""

    reading: Reading
    mention: Mention
    role: str


def read_roles(sentence: Sentence, words: ReadingVocabulary) -> list[Role]:
    """Every role cue of the sentence, with the ticker it makes a source, counterparty or peer."""
    roles = _askers(sentence) + _before_cues(sentence, words) + _after_cues(sentence, words)
    roles += _actions(sentence, words, {r.mention for r in roles})
    roles += _brokers(sentence, words, {r.mention for r in roles})
    return [r for r in roles if r.role != NONE]


def _role(sentence: Sentence, mention: Mention, role: str, start: int, end: int) -> Role:
    reading = Reading(KIND, mention.symbol, NEUTRAL, sentence.text[start:end], start, end)
    return Role(reading, mention, role)


def _askers(sentence: Sentence) -> list[Role]:
    """The firm named in a transcript's question label ("Analyst, Barclays:", "Analyst
    (Citi):"): the asker's house, a source, whatever the question says of the company."""
    label = default_words().question.match(sentence.text)
    if label is None:
        return []
    return [
        _role(sentence, mention, SOURCE, *label.span())
        for mention in sentence.mentions
        if mention.end <= label.end()
    ]


def _before_cues(sentence: Sentence, words: ReadingVocabulary) -> list[Role]:
    found = []
    for match in words.roles_before.pattern.finditer(sentence.text):
        mention = sentence.right_after(match.end(), _BEFORE_GAP)
        if mention is None:
            continue
        role = words.roles_before.value(match.group())[0]
        low, _ = sentence.clause(*match.span())
        one_word = " " not in match.group().strip()
        if (
            role != SOURCE
            and one_word
            and _SUBJECT_PLACE.fullmatch(sentence.text, low, match.start())
        ):
            continue  # "Rival Dexcom fell 4%": the sentence is about it (not "Schulman
            # previously ran PayPal": a cue of two words or more is a verb or a preposition)
        listed = (mention, *sentence.listed_after(mention))
        if role == EXAMPLE:
            if _SUBJECT_PLACE.fullmatch(sentence.text, low, match.start()) or not any(
                m.end <= match.start() and m not in listed for m in sentence.mentions
            ):
                continue
            role = COUNTERPARTY
        for each in listed:
            found.append(_role(sentence, each, role, *match.span()))
    return found


def _after_cues(sentence: Sentence, words: ReadingVocabulary) -> list[Role]:
    found = []
    for mention in sentence.mentions:
        match = None
        tail = sentence.tail_end(mention)
        apposition = sentence.apposition(mention)
        ends = [tail, sentence.relative_end(mention)]
        if apposition is not None:  # its last word may name a counterparty or a peer
            named = words.appositions.values.get(key(apposition["head"]))
            if named is not None:
                role = named[0]  # "GE Aerospace (GE) and RTX (RTX), its biggest customers,"
                for each in (*sentence.listed_before(mention), mention):
                    found.append(_role(sentence, each, role, *apposition.span()))
                continue
            ends.append(apposition.end() + 1)  # "AXP, its card partner since 2019, renewed"
        for end in dict.fromkeys(ends):
            position = SPACES.match(sentence.text, end)
            start = position.end() if position else end
            match = match or words.roles_after.pattern.match(sentence.text, start)
        qualifier = words.qualifiers.match(sentence.text, mention.end)
        if qualifier is not None:  # "shipments of Nvidia-based systems": a passer-by
            found.append(_role(sentence, mention, COUNTERPARTY, *qualifier.span()))
            continue
        if match is not None and _names_a_rating(sentence.text, match.end(), words):
            continue  # "PepsiCo (PEP), rated Buy,": a rating (the rating reader's)
        if match is not None:
            role = words.roles_after.value(match.group())[0]
            # "Citigroup and Goldman Sachs report on Wednesday" names both; "in sympathy with
            # Lennar, and Toll Brothers reports next week" only the last (a verb of one)
            one = _OF_ONE.match(match.group())
            for each in (*([] if one else sentence.listed_before(mention)), mention):
                found.append(_role(sentence, each, role, *match.span()))
    return found


def _names_a_rating(text: str, end: int, words: ReadingVocabulary) -> bool:
    """Does a rating name (capitalised: "Buy", "Outperform") follow ``end``?"""
    position = SPACES.match(text, end)
    rating = words.ratings.pattern.match(text, position.end() if position else end)
    return rating is not None and rating.group()[0].isupper()


def _actions(sentence: Sentence, words: ReadingVocabulary, done: set[Mention]) -> list[Role]:
    """A house acting on the next ticker ("Citi lifted its CAT target", the claims' analyst
    actions): the house is the source."""
    found = []
    for house, company in zip(sentence.mentions, sentence.mentions[1:], strict=False):
        between = sentence.text[house.end : company.start]
        if house not in done and any(p.fullmatch(between) for p in words.analyst_actions):
            found.append(_role(sentence, house, SOURCE, house.end, company.start))
    return found


def _brokers(sentence: Sentence, words: ReadingVocabulary, done: set[Mention]) -> list[Role]:
    """A broker in a sentence about another ticker, saying or doing what a source does."""
    found = []
    houses = set(sentence.symbols) & words.brokers
    for mention in sentence.mentions:
        if mention in done or mention.symbol not in words.brokers:
            continue
        tail = sentence.tail_end(mention)
        if _LISTED_AS.search(sentence.text, mention.start, tail) and _COMPANY_NEWS.match(
            sentence.text, tail
        ):
            continue  # "KeyCorp (KEY) missed ... and cut its NII outlook": the bank's own news
        noun = _ACTION_NOUN.match(sentence.text, tail)
        if noun and set(sentence.symbols) - words.brokers:
            # "Deere (DE) +1.1%: JPMorgan upgrade to Overweight": the house's action, named
            found.append(_role(sentence, mention, SOURCE, *noun.span()))
            continue
        listed = LISTED_MOVE.match(sentence.text, tail)  # "Evercore ISI to $68 from $64"
        rated = sentence.rated_before(mention, words.brokers)
        others = set(sentence.symbols) - words.brokers
        if listed and (
            sentence.label not in (None, mention)
            or rated is not None
            or others
            or (len(houses) > 1 and not _ON_BEFORE.search(sentence.text, 0, mention.start))
        ):
            # a list of target changes: "Kroger (KR): Evercore ISI to $68 from $64", "after
            # Estee Lauder's (EL) guidance pull: JPMorgan to $80 from $105, Citi to $75 ...",
            # "Nike (NKE) target cuts pile up: UBS to $72 from $85", "Wells Fargo goes to $62
            # from $70, Barclays to $68 from $75"
            found.append(_role(sentence, mention, SOURCE, *listed.span()))
            continue
        call = _HOUSE_CALL.match(sentence.text, tail)
        acted_on = _ACTED_ON.search(sentence.text, max(0, mention.start - 16), mention.start)
        if others and call and not acted_on and _names_a_rating(sentence.text, call.end(), words):
            # the house's call on the company the sentence is about: "Baird to Neutral and
            # Morgan Stanley (MS) to Underweight", "Barclays stays Underweight on valuation"
            found.append(_role(sentence, mention, SOURCE, *call.span()))
            continue
        if not set(sentence.symbols) - words.brokers:
            # alone in its sentence (or beside other brokers only), a broker is the source
            # when it acts as a house does ("Jefferies moved to Underperform": on the
            # company the note is about)
            move = words.house_moves.match(sentence.text, _UNIT.match(sentence.text, tail).end())
            if move is not None:
                found.append(_role(sentence, mention, SOURCE, *move.span()))
            continue
        verb = words.source_verbs.search(
            sentence.text, tail, min(len(sentence.text), tail + _SOURCE_REACH)
        )
        if (
            verb is not None
            and not _CLAUSE_END.search(sentence.text, tail, verb.start())
            and not _NOUN_BEFORE.search(sentence.text, max(0, verb.start() - 12), verb.start())
        ):
            found.append(_role(sentence, mention, SOURCE, *verb.span()))
        elif _BY_AT.search(sentence.text, max(0, mention.start - 6), mention.start):
            found.append(_role(sentence, mention, SOURCE, mention.start, mention.end))
    return found
