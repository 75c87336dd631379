"""The research desk: a library of scored notes, ticker history, watched folders, alerts and a
portfolio view, on top of :class:`sentiment.Analyzer`.

Nothing here imports torch or spaCy at import time; the commands load the model when they need it.
"""
