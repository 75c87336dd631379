"""The note-aware sentence segmenter: tables of (text, expected sentences)."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from sentiment.components import sentences as _sentences  # noqa: F401  (registers the factory)
from sentiment.components.sentences import load_rules
from sentiment.errors import ResourceError


@pytest.fixture(scope="module")
def nlp() -> Language:
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentiment_sentences")
    return pipeline


def split(nlp: Language, text: str) -> list[str]:
    return [sentence.text.strip() for sentence in nlp(text).sents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Revenue rose. Margins fell.", ["Revenue rose.", "Margins fell."]),
        ("Is it cheap? Yes! Buy it.", ["Is it cheap?", "Yes!", "Buy it."]),
        ("Yum! Brands rose. Wow! It beat.", ["Yum! Brands rose.", "Wow!", "It beat."]),
        ("Apple Inc. reported results.", ["Apple Inc. reported results."]),
        ("Apple Inc. The company beat.", ["Apple Inc.", "The company beat."]),
        (
            "Nike Inc.'s turnaround stalled. It fell.",
            ["Nike Inc.'s turnaround stalled.", "It fell."],
        ),
        ("We like Apple Inc. 'Services' grew.", ["We like Apple Inc.", "'Services' grew."]),
        ("Sales at Acme Corp. rose 5%.", ["Sales at Acme Corp. rose 5%."]),
        ("Shell plc. We like it.", ["Shell plc.", "We like it."]),
        (
            "Sales in the U.S. rose. U.K. sales fell.",
            ["Sales in the U.S. rose.", "U.K. sales fell."],
        ),
        ("U.S. Steel rose 3%.", ["U.S. Steel rose 3%."]),
        ("Sales in the U.S. The U.K. lagged.", ["Sales in the U.S.", "The U.K. lagged."]),
        ("Costs, e.g. rent, rose.", ["Costs, e.g. rent, rose."]),
        ("Some costs, i.e. Rent, rose.", ["Some costs, i.e. Rent, rose."]),
        ("Apple vs. Microsoft is close.", ["Apple vs. Microsoft is close."]),
        ("It ranks No. 1 in the U.S. market.", ["It ranks No. 1 in the U.S. market."]),
        ("It has approx. 5% share.", ["It has approx. 5% share."]),
        ("Results due Jan. 30 look good.", ["Results due Jan. 30 look good."]),
        ("Margin was 3.5% in Q3. It rose.", ["Margin was 3.5% in Q3.", "It rose."]),
        ("Sales hit $1.2bn. Costs fell.", ["Sales hit $1.2bn.", "Costs fell."]),
        ("J. P. Morgan raised it.", ["J. P. Morgan raised it."]),
        ('He said "we beat." Shares rose.', ['He said "we beat."', "Shares rose."]),
        ("Growth (ex-FX) was 5%.) Then it fell.", ["Growth (ex-FX) was 5%.)", "Then it fell."]),
        ("It fell. the rest is unknown.", ["It fell. the rest is unknown."]),
        ("it fell. the rest is unknown.", ["it fell.", "the rest is unknown."]),
        ("Options imply a move. eBay lost buyers.", ["Options imply a move.", "eBay lost buyers."]),
        ("Dr. Smith, CEO of Acme Ltd., spoke.", ["Dr. Smith, CEO of Acme Ltd., spoke."]),
        (
            "Margin rose 2pp Q/Q. Management guided up.",
            ["Margin rose 2pp Q/Q.", "Management guided up."],
        ),
        ("We own the Class A. The B shares lag.", ["We own the Class A.", "The B shares lag."]),
        ("", []),
    ],
)
def test_sentence_boundaries(nlp: Language, text: str, expected: list[str]) -> None:
    assert split(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Key points\n- Revenue up 5%\n- Margin down 20bp\n",
            ["Key points", "- Revenue up 5%", "- Margin down 20bp"],
        ),
        ("* one\n* two", ["* one", "* two"]),
        ("\u2022 EPS beat\n\u2022 Sales missed", ["\u2022 EPS beat", "\u2022 Sales missed"]),
        ("1. First item.\n2. Second item", ["1. First item.", "2. Second item"]),
        ("(a) cash\n(b) debt", ["(a) cash", "(b) debt"]),
        ("a) cash\nb) debt", ["a) cash", "b) debt"]),
        (
            "Outlook\nWe expect growth of 5%.",
            ["Outlook", "We expect growth of 5%."],
        ),
        (
            "Q3 results: beat on all lines\nRevenue rose 5%.",
            ["Q3 results: beat on all lines", "Revenue rose 5%."],
        ),
        (
            "Revenue rose 5%, driven by\nstrong demand in Asia.",
            ["Revenue rose 5%, driven by\nstrong demand in Asia."],
        ),
        ("Shares of\nApple rose.", ["Shares of\nApple rose."]),
        ("First paragraph\n\nSecond paragraph", ["First paragraph", "Second paragraph"]),
        ("Ends here.\nNext line starts.", ["Ends here.", "Next line starts."]),
        ("Sales in the U.S.\nThe end.", ["Sales in the U.S.", "The end."]),
        ("  \n\nLeading space. Second.", ["Leading space.", "Second."]),
        (
            "Summary\n\n- Rating: Buy\n- Price target $210\n\nThe stock trades at 25x.",
            ["Summary", "- Rating: Buy", "- Price target $210", "The stock trades at 25x."],
        ),
        # a bullet item ends at its line unless it carries on or the next line is a wrap
        (
            "- Renewal spreads held\nWe reiterate Buy.",
            ["- Renewal spreads held", "We reiterate Buy."],
        ),
        (
            "- a long item that wraps\n  onto the next line.",
            ["- a long item that wraps\n  onto the next line."],
        ),
        ("- Margins rose,\nThen it fell.", ["- Margins rose,\nThen it fell."]),
        # lines each headed by a label are items of a list, however long
        (
            "PT CHANGES\nAxon Enterprise (AXON): Morgan Stanley to $850 from $720\n"
            "Kroger (NYSE:KR): Evercore ISI to $68 from $64",
            [
                "PT CHANGES",
                "Axon Enterprise (AXON): Morgan Stanley to $850 from $720",
                "Kroger (NYSE:KR): Evercore ISI to $68 from $64",
            ],
        ),
        # but not a wrapped line whose next line carries a colon late in it
        (
            "Revenue rose 5% in the quarter on demand\nin Asia and Europe, it said: up.",
            ["Revenue rose 5% in the quarter on demand\nin Asia and Europe, it said: up."],
        ),
    ],
)
def test_layout_boundaries(nlp: Language, text: str, expected: list[str]) -> None:
    assert split(nlp, text) == expected


@pytest.mark.parametrize(
    "label", ["Q (UBS): Where is supply?", "Analyst, Barclays: Where is supply?"]
)
def test_a_speakers_label_opens_a_sentence(nlp: Language, label: str) -> None:
    text = f"Boston Scientific Q2 call\n{label}\nA (CEO): Supply is fine."
    assert [s.text.strip() for s in nlp(text).sents] == [
        "Boston Scientific Q2 call",
        label,
        "A (CEO): Supply is fine.",
    ]


@pytest.mark.parametrize(
    "text",
    ["One. Two.", "A heading\n- bullet\n\nText.", "   ", "Word", "\n\nEnd."],
)
def test_every_token_gets_a_definite_value(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert all(token.is_sent_start is not None for token in doc)
    if len(doc):
        assert doc[0].is_sent_start


def test_pipe_matches_call(nlp: Language) -> None:
    texts = ["Apple Inc. rose. It beat.", "- a\n- b", "No. 1 in the U.S. The end."]
    piped = [split_doc(doc) for doc in nlp.pipe(texts, batch_size=2)]
    assert piped == [split(nlp, text) for text in texts]


def split_doc(doc) -> list[str]:
    return [sentence.text.strip() for sentence in doc.sents]


def test_custom_abbreviations(tmp_path) -> None:
    table = tmp_path / "abbreviations.tsv"
    table.write_text("# custom\nbhd.\tfinal\nca.\tinner\n", encoding="utf-8")
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentiment_sentences", config={"abbreviations_path": str(table)})
    assert split(pipeline, "It costs ca. 5 ringgit at Acme Bhd. The end.") == [
        "It costs ca. 5 ringgit at Acme Bhd.",
        "The end.",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [("inc.\tsometimes\n", "kind"), ("inc.\n", "columns")],
)
def test_malformed_abbreviations_raise(tmp_path, content: str, message: str) -> None:
    table = tmp_path / "abbreviations.tsv"
    table.write_text(content, encoding="utf-8")
    with pytest.raises(ResourceError, match=message):
        load_rules(abbreviations_path=table)


def test_missing_file_raises(tmp_path) -> None:
    with pytest.raises(ResourceError, match="Cannot read"):
        load_rules(abbreviations_path=tmp_path / "missing.tsv")
