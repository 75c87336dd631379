"""Is a claim forward-looking? Rule cues, and a small learned model on top of them.

The rules (:class:`CueRules`) find cue words ("expect", "guidance", "will", "2025E")
outside blocker spans ("beat the consensus estimate") and ranges of like figures
("3-4%"). The learned model (:class:`ForwardClassifier`) is a logistic regression over
the sentence's lower-cased words and word pairs plus what the rules found (cues, blocker
hits, ranges, figure units, the period, tense words); it runs in plain Python, without
the transformer, from the weights in ``resources/claims/forward_model.json``
(trained by ``training/train_forward.py``; see the provenance note in that file).

:func:`forward_features` is the one featurizer, shared by training and inference.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sentiment.errors import ResourceError
from sentiment.figures.ranges import follows_from, is_and_join, is_range_join
from sentiment.results import Figure
from sentiment.wordlists import (
    PhraseIndex,
    Words,
    phrase_key,
    read_lines_and_patterns,
    read_table,
    resource_path,
)

MODEL_FILE = "claims/forward_model.json"
TENSE_FILE = "claims/tense_words.tsv"
DECISIVE_FILE = "claims/forward_decisive.txt"
# Word features whose weight shows as evidence when no rule cue fired.
_EVIDENCE_WORDS = 2
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|[a-z0-9]+(?:\.[a-z0-9]+)*|'[a-z]+|[$%?]")
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_ESTIMATE = re.compile(r"(?:19|20)\d\de")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class ForwardEvidence:
    """What the rules found in one claim sentence: the learned model's input."""

    text: str
    cues: tuple[str, ...] = ()
    ranges: tuple[str, ...] = ()
    blocked: int = 0
    units: tuple[str, ...] = ()
    period: str | None = None


@dataclass(frozen=True)
class ForwardDecision:
    """Forward-looking or not, the model's probability (None for rules only), the cues."""

    forward_looking: bool
    cues: tuple[str, ...]
    score: float | None = None


class CueRules:
    """Cue words and patterns, minus those inside blocker spans."""

    def __init__(
        self,
        cues: PhraseIndex,
        cue_patterns: Iterable[re.Pattern[str]],
        blockers: PhraseIndex,
        blocker_patterns: Iterable[re.Pattern[str]],
    ) -> None:
        self.cues, self.cue_patterns = cues, tuple(cue_patterns)
        self.blockers, self.blocker_patterns = blockers, tuple(blocker_patterns)

    def find(self, words: Words) -> tuple[tuple[str, ...], int]:
        """The cues outside blocker spans (lower case, first occurrence) and the blocker count."""
        text = words.text
        blocked = [(m.start, m.end) for m in self.blockers.find(words)]
        blocked += [m.span() for p in self.blocker_patterns for m in p.finditer(text)]
        found = [(m.start, m.end) for m in self.cues.find(words)]
        found += [m.span() for p in self.cue_patterns for m in p.finditer(text)]
        cues: list[str] = []
        for start, end in sorted(found):
            inside = any(s <= start and end <= e for s, e in blocked)
            cue = text[start:end].lower()
            if not inside and cue not in cues:
                cues.append(cue)
        return tuple(cues), len(blocked)


def load_cue_rules(directory: str | Path | None = None) -> CueRules:
    """forward_cues.txt and forward_blockers.txt (the shipped ones by default)."""

    def path(name: str) -> Path:
        return Path(directory) / name if directory else resource_path(f"claims/{name}")

    cues, cue_patterns = _phrase_index_and_patterns(path("forward_cues.txt"))
    blockers, blocker_patterns = _phrase_index_and_patterns(path("forward_blockers.txt"))
    return CueRules(cues, cue_patterns, blockers, blocker_patterns)


def _phrase_index_and_patterns(path: Path) -> tuple[PhraseIndex, tuple[re.Pattern[str], ...]]:
    phrases, patterns = read_lines_and_patterns(path)
    return PhraseIndex(phrases), patterns


def range_cues(text: str, start: int, figures: Sequence[Figure]) -> list[str]:
    """Ranges of like figures ("3-4%", "$85-$95 million"): how guidance is given.

    "from X to Y" is a change, not a range, and a range runs upwards. ``start`` is the
    offset of ``text`` in the document the figures' offsets refer to.
    """
    cues = []
    for low, high in zip(figures, figures[1:], strict=False):
        between = text[low.end - start : high.start - start]
        alike = (low.unit, low.currency) == (high.unit, high.currency) and low.value < high.value
        joined = is_range_join(between) or is_and_join(between)
        if alike and joined and not follows_from(text, low.start - start):
            cues.append(text[low.start - start : high.end - start].lower())
    return cues


def rules_decision(evidence: ForwardEvidence) -> ForwardDecision:
    """Rules only: forward-looking when any cue or range was found."""
    cues = evidence.cues + tuple(r for r in evidence.ranges if r not in evidence.cues)
    return ForwardDecision(bool(cues), cues)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens; numbers become <num>, years <year>, "2025e" <year>e."""
    text = text.lower().replace("\u2019", "'")
    return [_normalise(token) for token in _TOKEN.findall(text)]


def _normalise(token: str) -> str:
    if not any(c.isdigit() for c in token):
        return token
    if _YEAR.fullmatch(token):
        return "<year>"
    if _YEAR_ESTIMATE.fullmatch(token):
        return "<year>e"
    if _NUMBER.fullmatch(token):
        return "<num>"
    return _DIGITS.sub("0", token)  # "fy2026e" -> "fy0e", "3q24" -> "0q0"


def forward_features(
    evidence: ForwardEvidence,
    tense: Mapping[str, str],
    *,
    rules: bool = True,
    normalise_words: bool = False,
) -> dict[str, float]:
    """The features of one sentence with their values: words and word pairs (1 each, or
    1/sqrt(count) with ``normalise_words``, so a long sentence does not outvote the rule
    findings) and, with ``rules``, the rule findings, tense classes and shape (1 each)."""
    words = tokens(evidence.text)
    names = {f"w:{w}" for w in words}
    names |= {f"b:{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    value = 1.0 / math.sqrt(len(names)) if normalise_words and names else 1.0
    features = dict.fromkeys(names, value)
    if rules:
        features.update(dict.fromkeys(_rule_features(evidence, words, tense), 1.0))
    return features


def _rule_features(
    evidence: ForwardEvidence, words: list[str], tense: Mapping[str, str]
) -> set[str]:
    """Names of the rule findings: cues, units, tense classes, period, shape."""
    features = {f"cue:{c}" for c in evidence.cues}
    features |= {f"unit:{u}" for u in evidence.units}
    features |= {f"tense:{tense[w]}" for w in words if w in tense}
    flags = {
        "rule:cue": bool(evidence.cues),
        "rule:range": bool(evidence.ranges),
        "rule:blocked": evidence.blocked > 0,
        "shape:question": "?" in evidence.text,
    }
    features |= {name for name, on in flags.items() if on}
    if evidence.period:
        features.add(f"period:{_DIGITS.sub('0', evidence.period)}")
        if evidence.period.startswith("next"):
            features.add("period:next")
    return features


@dataclass(frozen=True)
class ForwardModel:
    """Logistic-regression weights by feature name, the bias and the decision threshold."""

    weights: Mapping[str, float]
    bias: float
    threshold: float
    rules: bool = True
    normalise_words: bool = False

    def probability(self, features: Mapping[str, float]) -> float:
        """P(forward-looking) for a sentence's features."""
        z = self.bias + sum(self.weights.get(f, 0.0) * v for f, v in features.items())
        return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


class ForwardClassifier:
    """The learned decision: features -> probability -> threshold; cues as evidence.

    A decisive cue (``forward_decisive.txt``: forms the training data lacks, such as
    "price target" and "2025E") makes the claim forward-looking whatever the score.
    """

    def __init__(
        self,
        model: ForwardModel,
        tense: Mapping[str, str],
        decisive: tuple[PhraseIndex, tuple[re.Pattern[str], ...]] | None = None,
    ) -> None:
        self.model = model
        self.tense = dict(tense)
        self.decisive_phrases, self.decisive_patterns = decisive or (PhraseIndex(()), ())

    def decide(self, evidence: ForwardEvidence) -> ForwardDecision:
        """Forward-looking when P >= threshold or a cue is decisive; the cues are the
        rule cues, else the words that pushed the score up most."""
        features = forward_features(
            evidence,
            self.tense,
            rules=self.model.rules,
            normalise_words=self.model.normalise_words,
        )
        score = self.model.probability(features)
        decisive = self.is_decisive(evidence.cues) or self.states_future(evidence)
        if score < self.model.threshold and not decisive:
            return ForwardDecision(False, (), score)
        cues = rules_decision(evidence).cues or self._evidence_words(features)
        return ForwardDecision(True, cues, score)

    def states_future(self, evidence: ForwardEvidence) -> bool:
        """A future period ("next year", "FY2026E") with a cue, a range or a future/modal
        word: "Sales will grow 5% next year" is forward-looking whatever the model says."""
        period = (evidence.period or "").lower()
        if not (period.startswith("next") or _YEAR_ESTIMATE.search(period)):
            return False
        words = tokens(evidence.text)
        return bool(evidence.cues or evidence.ranges) or any(
            self.tense.get(w) in {"future", "modal"} for w in words
        )

    def is_decisive(self, cues: Iterable[str]) -> bool:
        """Is any of the rule cues decisive on its own?"""
        return any(
            phrase_key(cue) in self.decisive_phrases.keys
            or any(p.fullmatch(cue) for p in self.decisive_patterns)
            for cue in cues
        )

    def _evidence_words(self, features: Mapping[str, float]) -> tuple[str, ...]:
        """The word and word-pair features with the largest positive weights."""
        weighted = [
            (self.model.weights.get(f, 0.0), f[2:])
            for f in features
            if f.startswith(("w:", "b:")) and self.model.weights.get(f, 0.0) > 0
        ]
        return tuple(word for _, word in sorted(weighted, reverse=True)[:_EVIDENCE_WORDS])


def load_tense_words(path: str | Path | None = None) -> dict[str, str]:
    """tense_words.tsv: word -> class ("future", "modal", "past", ...)."""
    rows = read_table(Path(path) if path else resource_path(TENSE_FILE), 2)
    return {word.lower(): kind for word, kind in rows}


def load_forward_model(path: str | Path | None = None) -> ForwardModel:
    """The weights written by training/train_forward.py (the shipped ones by default)."""
    path = Path(path) if path else resource_path(MODEL_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return ForwardModel(
            weights={str(k): float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            rules=bool(data.get("rules", True)),
            normalise_words=bool(data.get("normalise_words", False)),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ResourceError(
            f"cannot read the forward-looking model {path}: {exc}; "
            "rebuild it with training/train_forward.py"
        ) from exc


def load_forward_classifier(
    model_path: str | Path | None = None, resources_dir: str | Path | None = None
) -> ForwardClassifier:
    """The shipped (or given) model with its tense words and decisive cues (from
    ``resources_dir`` when given, else the shipped ones)."""

    def path(name: str) -> Path:
        return Path(resources_dir) / Path(name).name if resources_dir else resource_path(name)

    return ForwardClassifier(
        load_forward_model(model_path),
        load_tense_words(path(TENSE_FILE)),
        _phrase_index_and_patterns(path(DECISIVE_FILE)),
    )
