"""spaCy components of the analyzer: sentence segmentation, tickers, claims."""

from sentiment.components.extensions import install_extensions

__all__ = ["install_extensions"]
