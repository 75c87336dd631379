"""Experiments that did not ship, one folder each (see ``experiments/README.md``).

Experiments may import :mod:`training`; nothing in ``training``, ``evaluation`` or
``sentiment`` imports them.
"""
