"""Ranges ("21-23%", "between 5 and 7%", "$4.75 to $4.95") and "from X to Y" between figures.

The patterns are shared by the figure finder (a range's low end borrows the unit of its high
end), the claims (a range looks forward; "from 5% to 7%" states a direction) and the
figure-change reader (a range compares by its middle; "from EUR 9 mn to EUR 10 mn" is a
change). Two readings of "from X to Y" exist on purpose:

- strict (:func:`is_from_to`): "from" right before the first figure and only "to" between
  them, as the claims read a direction;
- loose (:func:`from_to_leads`): up to three words after "from" and after "to" ("from a
  profit of EUR 3 mn to a loss of EUR 5 mn"), as the change reader reads a change, with the
  words returned so it can tell a loss from a profit.
"""

from __future__ import annotations

import re

# What joins the two ends of a range: a dash or "to" ("21-23%", "5 to 7%").
RANGE_JOIN = re.compile(r"\s*(?:[-\u2013\u2014]|to)\s*", re.IGNORECASE)
# "and" joins a range only after "between" ("between 5 and 7%").
_AND_JOIN = re.compile(r"\s*and\s*", re.IGNORECASE)
_BETWEEN = re.compile(r"between\s+\S*$", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_TO = re.compile(r"\s+to\s+$", re.IGNORECASE)
# "from" or "by" (a few words) before a dash-joined pair: a change or a step, not a range.
_NOT_RANGE_LEAD = re.compile(r"\b(?:from|by)\s+(?:[A-Za-z-]+\s+){0,3}$", re.IGNORECASE)
_FROM_LEAD = re.compile(r"\bfrom\s+((?:[A-Za-z-]+\s+){0,3})$", re.IGNORECASE)
_TO_LEAD = re.compile(r"^\s*,?\s*to\s+((?:[A-Za-z-]+\s+){0,3})$", re.IGNORECASE)
LEAD_REACH = 40  # characters before a figure searched for "from" (loose) or "from"/"by"


def is_range_join(between: str) -> bool:
    """Is ``between`` (the text between two figures) a dash or "to"?"""
    return RANGE_JOIN.fullmatch(between) is not None


def is_and_join(between: str) -> bool:
    """Is ``between`` just "and" ("5 and 7%")?"""
    return _AND_JOIN.fullmatch(between) is not None


def joins_range(text: str, low_start: int, between: str) -> bool:
    """Do two figures make a range: a dash or "to" between them, or "between A and B"?"""
    if is_range_join(between):
        return True
    return is_and_join(between) and _BETWEEN.search(text, 0, low_start) is not None


def follows_from(text: str, start: int) -> bool:
    """Does "from" come right before ``start`` ("from 5% ...")?"""
    return _FROM.search(text, 0, start) is not None


def is_from_to(text: str, low_start: int, between: str) -> bool:
    """Strict "from X to Y": "from" right before the first figure, only "to" between."""
    return _TO.match(between + " ") is not None and follows_from(text, low_start)


def after_from_or_by(text: str, start: int) -> bool:
    """Does "from" or "by" (and up to three words) come before ``start``? Then a dash-joined
    pair after it is a change or a step, not a range."""
    return _NOT_RANGE_LEAD.search(text[max(0, start - LEAD_REACH) : start]) is not None


def from_to_leads(text: str, first_start: int, between: str) -> tuple[int, str, str] | None:
    """Loose "from X to Y" around the first figure at ``first_start``: (where "from" starts,
    the words after "from", the words after "to"), or None."""
    from_before = _FROM_LEAD.search(text[max(0, first_start - LEAD_REACH) : first_start])
    to_between = _TO_LEAD.match(between)
    if not (from_before and to_between):
        return None
    from_at = first_start - len(from_before.group(0))
    return from_at, from_before.group(1), to_between.group(1)
