"""The pieces of ``evaluation/benchmark.py``: settings, timing, load, environment, inputs,
comparison harnesses, in-process speed, fresh-process start-up, and the Markdown report."""
