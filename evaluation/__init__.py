"""Evaluation and benchmarks: every script here writes its figures into ``reports/``.

Each module runs as ``python -m evaluation.<module>`` from the repository root; ``make reports``
regenerates them all. Not in the wheel; it reads corpora through :mod:`training.corpora`.
"""
