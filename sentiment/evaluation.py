"""Evaluate an Analyzer on labelled JSONL files: the library side of ``sentiment evaluate``.

Three row schemas are read, detected per file from its first row:

* ``sentence``: ``{"text", "label"}`` (label positive / neutral / negative; ``agreement``
  and other keys are ignored);
* ``target``: ``{"text", "target", "score"}``: score in [-1, 1], made a label with the
  neutral band (neutral when ``|score| < band``, the analyzer's own convention);
* ``entities``: ``{"text", "entities": {name: label}}``: one item per entity.

Target and entity files are scored twice: toward the target (``classify_targets``) and
as plain sentences (``classify``, the target ignored). Each accuracy comes with a 95% interval
from resampling the file's texts (an entity file's items of one text together).

Every text also has a fixed split (train / validation / test = 80 / 10 / 10) from a hash
of its normalised text (:func:`split_of`), the same split the training scripts use, so
``split="test"`` evaluates only on text the shipped model never trained on.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sentiment.aggregate import NEUTRAL_BAND, label_for
from sentiment.errors import InputError
from sentiment.metrics import LABELS, accuracy, bootstrap_interval, grouped, score_labels

if TYPE_CHECKING:  # pragma: no cover
    from sentiment.api import Analyzer
    from sentiment.results import SentenceSentiment

SPLITS = {"train": range(0, 80), "validation": range(80, 90), "test": range(90, 100)}
SPLIT_CHOICES = (*SPLITS, "all")
SCHEMAS = ("sentence", "target", "entities")


class EvaluationDataError(InputError):
    """A labelled data folder or file cannot be evaluated (missing, empty, malformed)."""


# ---------------------------------------------------------------- the split


def normalise(text: str) -> str:
    """Lower-case, strip URLs and collapse non-alphanumerics: the de-duplication key."""
    text = re.sub(r"https?://\S+", " ", text.lower())
    return re.sub(r"[^0-9a-z]+", " ", text).strip()


def split_of(text: str) -> str:
    """The split a text belongs to (train / validation / test), from a hash of its key."""
    bucket = int(hashlib.sha1(normalise(text).encode()).hexdigest(), 16) % 100
    return next(name for name, rng in SPLITS.items() if bucket in rng)


# ---------------------------------------------------------------- reading


@dataclass(frozen=True)
class LabelledItem:
    """One gold item: a sentence, or a (text, target) pair when ``target`` is set."""

    text: str
    label: str
    target: str | None = None


@dataclass(frozen=True)
class LabelledFile:
    """The items of one JSONL file and the schema they were read with."""

    path: Path
    schema: str
    items: tuple[LabelledItem, ...]


def detect_schema(row: Any) -> str:
    """``sentence``, ``target`` or ``entities`` from one row's keys; raises on anything else."""
    keys = set(row) if isinstance(row, dict) else set()
    if {"text", "entities"} <= keys:
        return "entities"
    if {"text", "target", "score"} <= keys:
        return "target"
    if {"text", "label"} <= keys:
        return "sentence"
    raise EvaluationDataError(
        f"unknown schema with keys {sorted(keys)}: expected text+label, "
        "text+target+score or text+entities"
    )


def _label(value: Any) -> str:
    label = str(value).strip().lower()
    if label not in LABELS:
        raise ValueError(f"label {value!r} is not one of {', '.join(LABELS)}")
    return label


def _score_label(value: Any, band: float) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not -1 <= value <= 1:
        raise ValueError(f"score {value!r} is not a number in [-1, 1]")
    return label_for(float(value), band)


def _field(row: dict[str, Any], key: str) -> Any:
    if key not in row:
        raise ValueError(f"'{key}' is missing")
    return row[key]


def _text(row: dict[str, Any]) -> str:
    text = _field(row, "text")
    if not isinstance(text, str):
        raise ValueError(f"'text' must be a string, got {_json_type(text)}")
    if not text.strip():
        raise ValueError("'text' is empty")
    return text


def items_of_row(row: dict[str, Any], schema: str, band: float) -> list[LabelledItem]:
    """The gold items of one row of ``schema`` (several for an ``entities`` row)."""
    text = _text(row)
    if schema == "sentence":
        return [LabelledItem(text, _label(_field(row, "label")))]
    if schema == "target":
        score = _score_label(_field(row, "score"), band)
        return [LabelledItem(text, score, str(_field(row, "target")))]
    entities = _field(row, "entities")
    if not isinstance(entities, dict) or not entities:
        raise ValueError("'entities' must be a non-empty object {name: label}")
    return [LabelledItem(text, _label(label), str(name)) for name, label in entities.items()]


def _rows(path: Path) -> Iterator[tuple[int, Any]]:
    # utf-8-sig: a byte-order mark is accepted, as the document readers accept it.
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EvaluationDataError(
                        f"{path}:{number}: not valid JSON ({exc.msg})"
                    ) from None


def read_labelled_file(path: str | Path, band: float = NEUTRAL_BAND) -> LabelledFile:
    """Read one JSONL file; the schema comes from its first row and must hold for every row."""
    path = Path(path)
    schema, items = None, []
    try:
        for number, row in _rows(path):
            try:
                if not isinstance(row, dict):
                    raise ValueError(f"a row must be a JSON object, got {_json_type(row)}")
                schema = schema or detect_schema(row)
                items += items_of_row(row, schema, band)
            except (ValueError, KeyError, EvaluationDataError) as exc:
                raise EvaluationDataError(f"{path}:{number}: {exc}") from None
    except UnicodeDecodeError:
        raise EvaluationDataError(f"{path}: not UTF-8 text") from None
    if schema is None:
        raise EvaluationDataError(f"{path}: no rows")
    return LabelledFile(path, schema, tuple(items))


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true or false"}
    return "null" if value is None else names.get(type(value), "a number")


def find_labelled_files(folder: str | Path) -> list[Path]:
    """The ``*.jsonl`` files directly in ``folder``, sorted; raises when there are none."""
    folder = Path(folder)
    if not folder.is_dir():
        raise EvaluationDataError(f"{folder}: not a directory")
    files = sorted(p for p in folder.glob("*.jsonl") if p.is_file())
    if not files:
        raise EvaluationDataError(f"{folder}: no .jsonl files")
    return files


def check_split(split: str) -> str:
    """``split`` if it is train, validation, test or all; else a typed error."""
    if split not in SPLIT_CHOICES:
        raise EvaluationDataError(f"unknown split {split!r}: choose {', '.join(SPLIT_CHOICES)}")
    return split


def in_split(items: Sequence[LabelledItem], split: str) -> list[LabelledItem]:
    """The items whose text falls in ``split`` (all of them for ``"all"``)."""
    check_split(split)
    return list(items) if split == "all" else [i for i in items if split_of(i.text) == split]


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True)
class FileEvaluation:
    """Metrics of one file: ``scores[scoring]`` for ``sentence`` and, if targeted, ``target``."""

    path: str
    schema: str
    n: int
    scores: dict[str, dict[str, Any]] = field(default_factory=dict)
    note: str | None = None  # why there are no scores (no rows in the split)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``note`` only when set)."""
        out = {"path": self.path, "schema": self.schema, "n": self.n, "scores": self.scores}
        return out | ({"note": self.note} if self.note else {})


@dataclass(frozen=True)
class EvaluationReport:
    """The evaluation of every file in a folder, with the settings used."""

    folder: str
    split: str
    neutral_band: float
    files: tuple[FileEvaluation, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return {
            "folder": self.folder,
            "split": self.split,
            "neutral_band": self.neutral_band,
            "files": [f.to_dict() for f in self.files],
        }


def _metrics(items: Sequence[LabelledItem], results: Sequence[SentenceSentiment]) -> dict[str, Any]:
    """:func:`sentiment.metrics.score_labels`, with the accuracy's 95% interval from resampling
    the texts (an entity file's items of one text drawn together)."""
    gold, pred = [i.label for i in items], [r.label for r in results]
    confidences = None
    if all(r.probabilities for r in results):
        confidences = [max(r.probabilities.values()) for r in results]
    scores = score_labels(gold, pred, confidences)
    by_text = grouped([i.text for i in items], list(zip(gold, pred, strict=True)))
    scores["accuracy_interval"] = list(bootstrap_interval(by_text, accuracy))
    return scores


def evaluate_file(analyzer: Analyzer, labelled: LabelledFile, split: str = "all") -> FileEvaluation:
    """Score one file's items in ``split``: as plain sentences and, if targeted, toward targets."""
    items = in_split(labelled.items, split)
    if not items:  # nothing measured: no figures rather than zeros
        return FileEvaluation(
            str(labelled.path), labelled.schema, 0, note=f"no rows in split {split}"
        )
    # Entity files repeat a text per entity: classify each distinct text once.
    unique = list(dict.fromkeys(i.text for i in items))
    by_text = dict(zip(unique, analyzer.classify(unique)))
    scores = {"sentence": _metrics(items, [by_text[i.text] for i in items])}
    if labelled.schema != "sentence":
        pairs = [(i.text, i.target or "") for i in items]
        scores["target"] = _metrics(items, analyzer.classify_targets(pairs))
    return FileEvaluation(str(labelled.path), labelled.schema, len(items), scores)


def evaluate_folder(
    analyzer: Analyzer, folder: str | Path, *, split: str = "all", band: float | None = None
) -> EvaluationReport:
    """Evaluate ``analyzer`` on every ``*.jsonl`` file in ``folder``.

    Every file is read and checked before the model runs, so bad input fails fast.
    ``band`` (default: the analyzer's) turns target files' scores into gold labels.
    A file with no rows in ``split`` is reported with a note and no scores; when no
    file has any, an EvaluationDataError is raised.
    """
    band = analyzer.neutral_band if band is None else band
    check_split(split)
    labelled = [read_labelled_file(path, band) for path in find_labelled_files(folder)]
    if not any(in_split(f.items, split) for f in labelled):
        raise EvaluationDataError(f"{folder}: no file has rows in split {split}")
    files = tuple(evaluate_file(analyzer, f, split) for f in labelled)
    return EvaluationReport(str(folder), split, band, files)


# ---------------------------------------------------------------- rendering


def _triple(scores: dict[str, float]) -> str:
    return f"{scores['precision']:.3f} / {scores['recall']:.3f} / {scores['f1']:.3f}"


def render_markdown(report: EvaluationReport) -> str:
    """One Markdown table: a row per file and scoring (sentence, target-aware)."""
    header = ["file", "schema", "scoring", "n", "accuracy", "95% interval", "macro-F1", "ECE"]
    header += [f"{label} P / R / F1" for label in LABELS]
    lines = [
        f"split: {report.split}; neutral band: {report.neutral_band}",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
    ]
    for file in report.files:
        if file.note:
            cells = [Path(file.path).name, file.schema, file.note, "0"] + ["–"] * (len(header) - 4)
            lines.append("| " + " | ".join(cells) + " |")
        for scoring, s in file.scores.items():
            ece = f"{s['ece']:.3f}" if "ece" in s else "–"
            cells = [Path(file.path).name, file.schema, scoring, str(s["n"])]
            low, high = s["accuracy_interval"]
            cells += [f"{s['accuracy']:.3f}", f"{low:.3f}-{high:.3f}", f"{s['macro_f1']:.3f}", ece]
            cells += [_triple(s["per_class"][label]) for label in LABELS]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
