"""Keywords renamed in a release: the old name keeps working for one more, with a warning."""

from __future__ import annotations

import warnings
from typing import TypeVar

T = TypeVar("T")


def renamed(new_value: T, old_value: T | None, *, old: str, new: str, stacklevel: int = 3) -> T:
    """``old_value`` (with a DeprecationWarning naming ``new``) when the caller passed the
    old keyword, else ``new_value``. ``stacklevel`` 3 points the warning at the caller of
    the function that took the keyword."""
    if old_value is None:
        return new_value
    warnings.warn(
        f"{old} is deprecated and will be removed in the next release; use {new}",
        DeprecationWarning,
        stacklevel=stacklevel,
    )
    return old_value
