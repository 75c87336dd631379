"""A reading table's "re:" rows: patterns found with the phrases, their values kept."""

from __future__ import annotations

import pytest

from sentiment.errors import ResourceError
from sentiment.readings.vocabulary import _table


def test_a_table_row_may_be_a_pattern(tmp_path) -> None:
    path = tmp_path / "verbs.tsv"
    path.write_text("outpaced\tsubject\nre:took\\s+\\w+\\s+share\\s+from\tsubject\n")
    table = _table(path, 2, {1: ("subject", "object")})
    found = [m.group() for m in table.pattern.finditer("A outpaced B; C took desktop share from D")]
    assert found == ["outpaced", "took desktop share from"]
    assert table.value("took desktop share from") == ("subject",)
    assert table.value("Outpaced") == ("subject",)


def test_a_bad_pattern_row_is_a_resource_error(tmp_path) -> None:
    path = tmp_path / "verbs.tsv"
    path.write_text("re:took(\tsubject\n")
    with pytest.raises(ResourceError, match="bad pattern"):
        _table(path, 2, {1: ("subject", "object")})
