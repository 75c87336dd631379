"""The recipe that builds the shipped artefacts: the sentiment model, the forward-looking claim
classifier and the symbol gazetteer.

Each module runs as ``python -m training.<module>`` from the repository root; the ``Makefile``
names the steps of the shipped recipe and ``docs/training.md`` walks through them. Nothing under
``sentiment/`` imports this package (it is not in the wheel), and nothing here imports
``experiments/``.
"""
