"""The ``._`` attributes our components write, registered once."""

from __future__ import annotations

from spacy.tokens import Doc

# name -> what it holds. Both default to None: a Doc that our component has not
# seen is distinguishable from one where it found nothing (an empty list).
DOC_EXTENSIONS = {
    "tickers": "list[TickerMention] written by sentiment_tickers",
    "claims": "list[Claim] written by sentiment_claims",
    "ticker_context": "TickerContext after the text, written by sentiment_tickers: what the "
    "next chunk of a long document needs",
}


class ExtensionConflict(RuntimeError):
    """Another library registered a Doc extension with one of our names."""


def install_extensions() -> None:
    """Register ``Doc._.tickers``, ``Doc._.claims`` and ``Doc._.ticker_context``; safe to
    call any number of times."""
    for name in DOC_EXTENSIONS:
        if Doc.has_extension(name):
            default, *_ = Doc.get_extension(name)
            if default is not None:
                raise ExtensionConflict(
                    f"Doc._.{name} is already registered by another library with a "
                    f"different default ({default!r}); refusing to overwrite it."
                )
            continue
        Doc.set_extension(name, default=None)
