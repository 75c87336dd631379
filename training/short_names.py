"""Build ``sentiment/resources/short_names.tsv``: the short names US-listed companies go by.

Notes name a company the way people say it: "Axon", "Cboe", "Smucker", "Wingstop",
"Celsius", not "Axon Enterprise, Inc.". The symbol table matches a company's core name
("Axon Enterprise"), and for companies outside the indices only with a legal suffix
("Wingstop Inc."), so those short names found nothing. This script derives them from the
shipped symbol table and an English word-frequency list (``wordfreq``, build-time only):

* candidates: US-listed stocks of tier 1 (index members) and 2 (main US exchanges; also a
  company domiciled abroad whose own line trades on the NYSE or Nasdaq, "Fabrinet", "nVent
  Electric", but then a one-word name only when rare and not in capitals, and a name it
  shares with a US company is the US company's: "Toro"); the
  first word of a core name of two or more words ("Axon" of "Axon Enterprise"), and a
  core of tier 2 ("Wingstop", "Rocket Companies"), which the table matches only with a
  legal suffix ("Rocket Companies, Inc.");
* a candidate that starts the core of another US-listed company or index member (one count
  per distinct core: a second line of the same company, LITE and LITEV, is no namesake), or is
  already a name, an alias or a stop word, is left out (ambiguous or known); for an index
  member, a namesake of tier 3 (delisted or minor) does not count ("Valero" is Valero
  Energy, not the long-gone Valero Energy Partners), and where its first word is shared the
  first two words of a longer core stand in when no other core starts with them ("Royal
  Caribbean" of "Royal Caribbean Cruises"); initials are skipped ("Smucker" of "J. M.
  Smucker");
* a whole core of two or more words names the company alone (``always``); a one-word name,
  by how common the word is in English (Zipf frequency): below ``RARE`` it names the company
  alone (``always``: "Smucker", "Wolfspeed"); up to ``COMMON`` it needs evidence nearby
  (``context``: "Toast", "Zebra", "Baxter"); more common words are left out ("General",
  "American", "Home").

The runtime reads the file like ``aliases.tsv`` (before it, so a curated alias wins).

Run:  pip install -e '.[gazetteer]' && python -m training.short_names
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
from collections import Counter
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path

from sentiment.gazetteer import Gazetteer, name_key, tokenized

RESOURCES = Path(__file__).resolve().parents[1] / "sentiment" / "resources"
OUT = RESOURCES / "short_names.tsv"
US = {"NYSE", "NASDAQ", "NYSEAMERICAN", "CBOE", "ARCA", "BATS"}
MAIN = {"NYSE", "NASDAQ"}  # where a company domiciled abroad lists its own US line
_US_SYMBOL = re.compile(r"[A-Z]{1,5}(?:\.[A-C])?")
RARE = 3.0  # Zipf frequency below which a short name stands alone
COMMON = 4.0  # at or above it, a word is too common to name a company at all
_WORD = re.compile(r"[A-Z][A-Za-z0-9!&'.-]{2,}$")
_CAPITAL = re.compile(r"[A-Z][A-Za-z0-9!&'.-]+$")  # a second word that can end a name
# Words that end a core and that writers leave out ("Lincoln Electric Holdings" is "Lincoln
# Electric"); a core without one needs a word below UNCOMMON.
DESIGNATORS = frozenset(
    "holdings holding group international bancorp bancorporation bancshares corporation corp "
    "companies company incorporated enterprises industries worldwide".split()
)
UNCOMMON = 5.0


def rows(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t")


def _words(core: str) -> list[str]:
    """A core name's words, initials dropped ("J. M. Smucker" -> ["Smucker"])."""
    words = core.split()
    while len(words) > 1 and re.fullmatch(r"[A-Z]\.", words[0]):
        words = words[1:]
    return words


def candidates(
    table: list[dict[str, str]],
    rare: Callable[[str], bool] = lambda word: True,
    uncommon: Callable[[str], bool] = lambda word: True,
) -> dict[str, str]:
    """short name -> symbol, before the frequency filter; names two companies share dropped.
    ``rare(word)``: whether a word is uncommon in English; a two-word stand-in needs one
    ("Royal Caribbean", not "Public Service" or "National Bank"); ``uncommon(word)``: whether
    it is not among the most common words, of which a core without its designator needs one
    ("Lincoln Electric", not "American Financial")."""
    cores = [(_words(row["core"]), row) for row in table if _words(row["core"])]
    # Cores that make a first word (or two) ambiguous: for an index member, those of other
    # index members and main-exchange US companies (a delisted namesake, tier 3, does not
    # count, nor one domiciled abroad: "Toro" is not Toro Corp.); for the rest, also those of
    # tier 3 US listings.
    everyone = [w for w, row in cores if row["tier"] == "1" or row["exchange"] in US]
    main = [
        w for w, row in cores if row["tier"] == "1" or row["exchange"] in US and row["tier"] == "2"
    ]
    # one count per distinct core: a second line of the same company ("Lumentum Holdings",
    # LITE and its when-issued LITEV) makes no namesake
    starts = {
        "1": Counter(w[0].lower() for w in {tuple(words) for words in main}),
        "2": Counter(w[0].lower() for w in {tuple(words) for words in everyone}),
    }
    pairs = Counter(" ".join(words[:2]).lower() for words in main if len(words) >= 2)
    found: dict[str, list[str]] = {}
    for row in (dict(row, tier=_tier(row)) for row in table):
        words = _words(row["core"])
        if row["kind"] != "stock" or row["exchange"] not in US or row["tier"] not in "12":
            continue
        if len(words) >= 2:
            short = words[0]
        elif len(words) == 1 and (row["tier"] == "2" or len(row["core"].split()) > 1):
            short = words[0]
        else:
            continue
        short = short.rstrip(",")
        shared = len(words) >= 2 and starts[row["tier"]][short.lower()] > 1
        if _WORD.match(short) and not shared:
            found.setdefault(short, []).append(row["symbol"])
        elif (
            row["tier"] == "1"
            and len(words) >= 3
            and _CAPITAL.match(words[1])
            and pairs[" ".join(words[:2]).lower()] == 1
            and any(rare(w.lower()) for w in words[:2])
        ):
            # "Royal Caribbean" of index member "Royal Caribbean Cruises" ("Royal" is shared)
            found.setdefault(" ".join(words[:2]).rstrip(","), []).append(row["symbol"])
        if len(words) >= 2 and row["tier"] == "2":  # "Rocket Companies": the whole core
            found.setdefault(" ".join(words), []).append(row["symbol"])
        if len(words) >= 3 and not rare(words[0]) and _CAPITAL.match(words[1]):
            # "Martin Marietta" of "Martin Marietta Materials": a first word too common to
            # name it alone, a second that is not
            pair = " ".join(words[:2]).rstrip(",")
            if pairs[pair.lower()] == 1 and rare(words[1]):
                found.setdefault(pair, []).append(row["symbol"])
        plain = _undesignated(words)
        if plain and pairs[" ".join(plain[:2]).lower()] == 1 and any(uncommon(w) for w in plain):
            # "Lincoln Electric" of "Lincoln Electric Holdings", "US Foods" of "US Foods
            # Holding", "Valley National" of "Valley National Bancorp"
            found.setdefault(" ".join(plain), []).append(row["symbol"])
    abroad = _abroad(table)
    named = {}
    for short, symbols in found.items():
        home = [s for s in symbols if s not in abroad]  # a name shared with one abroad: home's
        if len(set(home or symbols)) == 1:
            named[short] = (home or symbols)[0]
    return named


def _undesignated(words: list[str]) -> list[str]:
    """A core's words without the designator that ends it ("Boot Barn Holdings" -> "Boot
    Barn"), where two or more capitalised words are left; else none."""
    if len(words) < 3 or words[-1].rstrip(",.").lower() not in DESIGNATORS:
        return []
    left = words[:-1]
    return left if all(_CAPITAL.match(w) for w in left) else []


def _abroad(table: list[dict[str, str]]) -> set[str]:
    """The symbols of the companies :func:`_tier` counts as listed in the US from abroad."""
    return {row["symbol"] for row in table if _tier(row) != row["tier"]}


def _tier(row: dict[str, str]) -> str:
    """A row's tier, a company of the current list domiciled abroad whose own line trades on a
    main US exchange counted as one of those listed there ("Fabrinet", Cayman Islands, NYSE;
    "nVent Electric", NYSE): tier 2, as for a US one."""
    if (
        row["tier"] == "3"
        and row["exchange"] in MAIN
        and row.get("country", "United States") != "United States"
        and _US_SYMBOL.fullmatch(row["symbol"])
    ):
        return "2"
    return row["tier"]


def short_names(table: list[dict[str, str]], gazetteer: Gazetteer) -> list[tuple[str, str, str]]:
    """(short name, symbol, policy) rows, sorted."""
    from wordfreq import zipf_frequency

    stop = gazetteer.name_stopwords | gazetteer.stopwords
    out = []
    found = candidates(
        table,
        lambda word: zipf_frequency(word, "en") < COMMON,
        lambda word: zipf_frequency(word, "en") < UNCOMMON,
    )
    abroad = _abroad(table)
    cores = {(" ".join(_words(row["core"])), row["symbol"]) for row in table}
    for short, symbol in found.items():
        key = name_key(tokenized(short))
        entry = gazetteer.name(key)
        if entry is not None and not entry.needs_suffix:
            continue  # already a name or an alias
        if key in stop or short.upper() in stop or short.lower() in stop:
            continue
        if " " in short:
            # a whole core of two or more capitalised words names it alone, and so does a
            # part of one with a rare word ("Martin Marietta"); one of common words needs
            # evidence nearby ("Lincoln Electric", "Valley National", not "Orange County")
            words = short.split()
            alone = (short, symbol) in cores or any(zipf_frequency(w, "en") < COMMON for w in words)
            out.append((short, symbol, "always" if alone else "context"))
            continue
        frequency = zipf_frequency(short.lower(), "en")
        if frequency >= COMMON:
            continue
        if symbol in abroad and (frequency >= RARE or short.isupper()):
            continue  # abroad: a rare word only, no initials ("Bullish", "BEL", "Frontline")
        out.append((short, symbol, "always" if frequency < RARE else "context"))
    return sorted(out, key=lambda row: row[0].lower())


def write(found: list[tuple[str, str, str]], out: Path) -> None:
    version = metadata.version("wordfreq")
    header = [
        "# Short names of US-listed companies (alias<TAB>symbol<TAB>policy), derived by",
        f"# training/short_names.py from symbols.tsv.gz and wordfreq=={version}: a core name's",
        "# first word, or a one-word core outside the indices; 'always' below Zipf frequency",
        f"# {RARE}, 'context' below {COMMON}. Generated: edit training/short_names.py, not this",
        "# file; curated names go in aliases.tsv, which is read after this file and wins.",
        "# alias\tsymbol\tpolicy",
    ]
    body = ["\t".join(row) for row in found]
    out.write_text("\n".join(header + body) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    table = list(rows(RESOURCES / "symbols.tsv.gz"))
    gazetteer = Gazetteer.load(short_names=False)
    found = short_names(table, gazetteer)
    write(found, args.out)
    policies = Counter(policy for _, _, policy in found)
    print(f"{len(found)} short names ({dict(policies)}) -> {args.out}")


if __name__ == "__main__":
    main()
