"""UK address normalisation and parsing for address matching (chapters B5 and A1).

Everything here is generic UK address handling, not tied to one council: upper case, punctuation, the usual
abbreviations (Rd, St, Ave ...), flat and floor wording, number ranges and suffixes, and postcodes in every real
format. The idea that makes free text comparable is to turn an address into two things:

* **identifiers** — the tokens that pick one property out of its neighbours: house numbers (``14``), suffixes
  (``14A``), ranges (``12-14``), flat numbers and letters (``3``, ``B``) and floors (``F0`` for a ground floor flat,
  ``FB`` for a basement), kept in the order written (sub-unit first, as UK addresses are written);
* **words** — everything else (building name, street, locality, town), in one canonical spelling.

Canonical spelling abbreviates rather than expands: ``ROAD`` and ``RD`` both become ``RD``, and ``STREET`` and
``SAINT`` both become ``ST``. Abbreviating sidesteps the St = Street / Saint ambiguity: "St John's Rd" and "Saint
Johns Road" meet at ``ST JOHNS RD`` without anyone having to guess which "St" is which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

# --- postcodes ------------------------------------------------------------------------------------------------------

# Postcodes (every real UK format, keying slips repaired) come from the course's one postcode module (chapter B1).
from solutions.postcodes import extract_postcode, normalise_postcode, remove_postcode  # noqa: E402,F401


def postcode_in_text(text) -> str | None:
    """The postcode written inside free text (normalised), or None."""
    return extract_postcode(text)


def postcode_parts(postcode: str | None) -> tuple[str, str, str]:
    """(district, sector, unit) of a normalised postcode: ``TB4 7QX`` -> ``('TB4', 'TB4 7', 'TB4 7QX')``."""
    if not postcode:
        return "", "", ""
    outward, inward = postcode.split(" ")
    return outward, f"{outward} {inward[0]}", postcode


# --- words ----------------------------------------------------------------------------------------------------------

# Canonical (short) forms of common UK address words. Both the long and the short spelling map to the short one.
_SHORT = {
    "RD": ("ROAD", "RD"), "ST": ("STREET", "STR", "SAINT", "ST"), "AVE": ("AVENUE", "AV", "AVE", "AVEN"),
    "GDNS": ("GARDENS", "GDNS", "GDN", "GRDNS"), "CL": ("CLOSE", "CL"), "CT": ("COURT", "CT", "CRT"),
    "CRES": ("CRESCENT", "CRES", "CRESC", "CRS"), "DR": ("DRIVE", "DR", "DRV"), "LN": ("LANE", "LN"),
    "PL": ("PLACE", "PL"), "SQ": ("SQUARE", "SQ"), "TER": ("TERRACE", "TER", "TERR", "TCE"),
    "GR": ("GROVE", "GR", "GRV"), "PDE": ("PARADE", "PDE"), "WLK": ("WALK", "WLK", "WK"), "HL": ("HILL", "HL"),
    "PK": ("PARK", "PK"), "MWS": ("MEWS", "MWS"), "RI": ("RISE",), "WY": ("WAY", "WY"), "CHASE": ("CHASE", "CHS"),
    "APP": ("APPROACH", "APP", "APPR"), "BVD": ("BOULEVARD", "BLVD", "BVD"), "EMB": ("EMBANKMENT", "EMB"),
    "ESP": ("ESPLANADE", "ESP"), "GN": ("GREEN", "GN", "GRN"), "VW": ("VIEW", "VW"), "YD": ("YARD", "YD"),
    "HO": ("HOUSE", "HSE", "HO"), "COTT": ("COTTAGE", "COTTAGES", "COTT", "COTTS"), "LDG": ("LODGE", "LDG"),
    "MANS": ("MANSIONS", "MANS"), "BLDGS": ("BUILDINGS", "BLDGS", "BLDG", "BUILDING"),
    "HTS": ("HEIGHTS", "HTS"), "TWR": ("TOWER", "TWR"), "PT": ("POINT", "PT"), "EST": ("ESTATE", "EST"),
    "CTR": ("CENTRE", "CENTER", "CTR"), "BUS": ("BUSINESS", "BUS"), "IND": ("INDUSTRIAL", "IND"),
    "UPR": ("UPPER", "UPR"), "GT": ("GREAT", "GT"), "LT": ("LITTLE", "LT", "LTL"),
    "MT": ("MOUNT", "MT"), "WHF": ("WHARF", "WHF"), "CNR": ("CORNER", "CNR"),
}
ABBREVIATIONS = {long: short for short, longs in _SHORT.items() for long in longs}
# Canonical street-type words (the last word of most street names).
STREET_TYPES = {"RD", "ST", "AVE", "GDNS", "CL", "CT", "CRES", "DR", "LN", "PL", "SQ", "TER", "GR", "PDE", "WLK",
                "HL", "PK", "MWS", "RI", "WY", "CHASE", "APP", "BVD", "EMB", "ESP", "GN", "VW", "YD", "ROW", "VALE"}

# Words that say "a part of a building" (the identifier follows them); dropped from the words.
SUBUNIT_WORDS = {"FLAT", "FLT", "FLATS", "APARTMENT", "APARTMENTS", "APT", "APPT", "UNIT", "STUDIO", "MAISONETTE",
                 "MAIS", "SUITE", "ROOM", "RM", "NO", "NUMBER"}
FLOOR_WORDS = {"FLOOR", "FLR", "FL"}
# Floor names to a floor code: FB basement / lower ground, F0 ground, F1 first ... FTOP top floor.
FLOORS = {"BASEMENT": "FB", "BSMT": "FB", "LOWER GROUND": "FB", "LGF": "FB", "GROUND": "F0", "GRD": "F0",
          "GND": "F0", "GF": "F0", "GFF": "F0", "FIRST": "F1", "1ST": "F1", "FFF": "F1", "SECOND": "F2",
          "2ND": "F2", "SFF": "F2", "THIRD": "F3", "3RD": "F3", "FOURTH": "F4", "4TH": "F4", "FIFTH": "F5",
          "5TH": "F5", "TOP": "FTOP", "TFF": "FTOP", "UPPER": "FUP", "LOWER": "FLOW"}
# Floor names that are floors on their own (no FLOOR/FLAT word needed); the others need one after them.
_FLOOR_ALONE = {"BASEMENT", "BSMT", "LGF", "GFF", "FFF", "SFF", "TFF", "GF"}
NOISE_WORDS = {"THE", "OF", "AT", "AND"}
_FLOOR_CODE = re.compile(r"^F(B|\d|TOP|UP|LOW)$")
_NUMBERISH = re.compile(r"^\d+[A-Z]?(-\d+[A-Z]?)?$")


_LONG_FORMS = sorted({w for w in ABBREVIATIONS if len(w) >= 4})


@lru_cache(maxsize=200_000)
def canonical_word(word: str) -> str:
    """The canonical spelling of one upper-case word: ``ROAD`` -> ``RD``, ``SAINT`` -> ``ST``, ``HOUSE`` -> ``HO``.

    A word of three letters or more that is a typo of a known long form (``CRESCNT``, ``PARAADE``) takes that
    form's abbreviation too; gazetteer and records go through the same function, so they still meet.
    """
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word]
    if len(word) >= 3 and word.isalpha():
        found = process.extractOne(word, _LONG_FORMS, scorer=fuzz.ratio, score_cutoff=85)
        if found is not None:
            return ABBREVIATIONS[found[0]]
        if len(word) >= 5:  # one swap of neighbouring letters: GORVE for GROVE
            found = process.extractOne(word, _LONG_FORMS, scorer=DamerauLevenshtein.distance, score_cutoff=1)
            if found is not None:
                return ABBREVIATIONS[found[0]]
    return word


# Street and building words that are typed stuck to the name before them (WARWICKWALK): split them off.
_STUCK = re.compile(r"^([A-Z]{4,}?)(ROAD|STREET|AVENUE|GARDENS|CLOSE|COURT|LANE|PLACE|SQUARE|TERRACE|GROVE|MEWS|"
                    r"CRESCENT|PARADE|WALK|RISE|DRIVE|HOUSE|LODGE|TOWER|MANSIONS|BUILDINGS|HEIGHTS|COTTAGE)$")


def split_stuck_words(tokens: list[str]) -> list[str]:
    """``WARWICKWALK`` -> ``WARWICK WALK``: a known street or building word typed without its space."""
    out = []
    for t in tokens:
        m = _STUCK.match(t) if len(t) >= 8 and t not in ABBREVIATIONS else None
        out.extend([m.group(1), m.group(2)] if m else [t])
    return out


def clean_text(text) -> str:
    """Upper case, postcode-free punctuation-free text: the first step of every comparison.

    Apostrophes vanish (``ST JOHN'S`` -> ``ST JOHNS``), ``&`` becomes ``AND``, a hyphen between numbers stays (a
    range), every other punctuation mark becomes a space, and runs of spaces collapse.
    """
    if not isinstance(text, str):
        return ""
    text = text.upper().replace("&", " AND ")
    text = re.sub(r"['\u2019`]", "", text)
    text = re.sub(r"(\d)\s*(?:-|–|TO)\s*(\d)", r"\1-\2", text)  # 12 - 14, 12 TO 14 -> 12-14
    text = re.sub(r"\b(\d+)/(\d+)\b", _slash, text)  # 131/133 is a range; 3/14 is flat 3 at number 14
    text = re.sub(r"[^A-Z0-9\-]+", " ", text)
    text = re.sub(r"(?<!\d)-|-(?!\d)", " ", text)  # a hyphen that is not in a range is a space
    return " ".join(text.split())


def _slash(m: re.Match) -> str:
    a, b = int(m.group(1)), int(m.group(2))
    return f"{a}-{b}" if 0 < b - a <= 10 else f"{a} {b}"


def _merge_suffixes(tokens: list[str]) -> list[str]:
    """``14 A`` -> ``14A`` (a suffix typed apart from its number), when the letter is not a word of its own."""
    out: list[str] = []
    for i, tok in enumerate(tokens):
        if (len(tok) == 1 and tok.isalpha() and out and out[-1].isdigit()
                and (i + 1 == len(tokens) or tokens[i + 1] not in FLOOR_WORDS)
                and not (len(out) >= 2 and out[-2] in SUBUNIT_WORDS)):
            out[-1] = out[-1] + tok
        else:
            out.append(tok)
    return out


def _floors(tokens: list[str]) -> list[str]:
    """Replace floor wording by a floor code: ``GROUND FLOOR FLAT`` -> ``F0``, ``1ST FLR`` -> ``F1``, ``GFF`` -> ``F0``."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        two = " ".join(tokens[i:i + 2])
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if two in FLOORS:  # LOWER GROUND
            code, i = FLOORS[two], i + 2
        elif tok in FLOORS and (tok in _FLOOR_ALONE or nxt in FLOOR_WORDS or nxt in SUBUNIT_WORDS):
            code, i = FLOORS[tok], i + 1
        else:
            out.append(tok)
            i += 1
            continue
        while i < len(tokens) and (tokens[i] in FLOOR_WORDS or tokens[i] in SUBUNIT_WORDS):
            i += 1  # the FLOOR / FLAT words after a floor name say nothing more
        out.append(code)
    return out


def is_identifier(token: str) -> bool:
    """True for tokens that pick out a property: numbers, suffixes, ranges, single letters and floor codes."""
    return bool(_NUMBERISH.match(token)) or (len(token) == 1 and token.isalpha()) or bool(_FLOOR_CODE.match(token)) \
        or any(ch.isdigit() for ch in token)


@dataclass(frozen=True)
class ParsedAddress:
    """An address as identifiers (ordered), words (canonical, in order) and the postcode found in it."""

    identifiers: tuple[str, ...]
    words: tuple[str, ...]
    postcode: str | None
    has_subunit: bool  # flat/floor wording, or more than one identifier
    outward: str | None = None  # an outward code written alone at the end ("... London SE15"), when no postcode

    @property
    def text(self) -> str:
        return " ".join(self.identifiers + self.words)


def tokens(text) -> list[str]:
    """Normalised tokens of an address (postcode removed), before splitting identifiers from words."""
    cleaned = clean_text(remove_postcode(text))
    toks = _merge_suffixes(split_stuck_words(cleaned.split()))
    toks = _floors(toks)
    return [canonical_word(t) for t in toks]


@lru_cache(maxsize=500_000)
def _parse_cached(text: str, postcode: str | None) -> ParsedAddress:
    return _parse(text, postcode)


def parse_address(text, postcode=None) -> ParsedAddress:
    """Split a free-text UK address into identifiers, words and postcode.

    ``postcode`` (a separate column) wins over a postcode written in the text.

    >>> parse_address("Flat 3, 14a St John's Rd, London TB4 7QX")
    ParsedAddress(identifiers=('3', '14A'), words=('ST', 'JOHNS', 'RD', 'LONDON'), postcode='TB4 7QX', has_subunit=True)
    """
    if isinstance(text, str) and (postcode is None or isinstance(postcode, str)):
        return _parse_cached(text, postcode)
    return _parse(text, postcode)


# An outward code alone ("SE15", "B1", "EC1A"): a postcode's first half, as councils often record it.
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
# Words after which a code such as "B1" names a part of a building, not a postcode district.
_PART_WORDS = SUBUNIT_WORDS | FLOOR_WORDS | {"BLOCK", "BLK", "PLOT", "BAY", "WING", "STAIR", "ENTRANCE", "GATE"}


def is_outward_code(token: str) -> bool:
    """True for a token shaped like an outward code alone (``SE15``, ``EC1A``, ``B1``)."""
    return bool(_OUTWARD.match(token))


def trailing_outward_code(toks: list[str]) -> str | None:
    """The outward code ending an address written without its postcode (``... PECKHAM SE15``), or None.

    Only a last token shaped like an outward code that follows an ordinary word counts: ``BLOCK B1`` names a block,
    and ``12 B1`` is too ambiguous to read as a district.
    """
    if len(toks) < 2 or not is_outward_code(toks[-1]):
        return None
    before = toks[-2]
    return toks[-1] if before.isalpha() and before not in _PART_WORDS else None


def _parse(text, postcode=None) -> ParsedAddress:
    toks = tokens(text)
    pc = normalise_postcode(postcode) if isinstance(postcode, str) else None
    if pc is None:
        pc = postcode_in_text(text)
    outward = trailing_outward_code(toks) if pc is None else None
    if outward:
        toks = toks[:-1]  # "SE15" is the district, not a house number
    ids, words, subunit = [], [], False
    for t in toks:
        if t in SUBUNIT_WORDS:
            subunit = True
        elif is_identifier(t):
            ids.append(t)
            subunit = subunit or bool(_FLOOR_CODE.match(t))
        elif t not in NOISE_WORDS:
            words.append(t)
    return ParsedAddress(tuple(ids), tuple(words), pc, subunit or len(ids) > 1, outward)


def number_stem(identifier: str) -> str:
    """The house number inside an identifier: ``14A`` -> ``14``, ``12-14`` -> ``12``; letters and floors unchanged."""
    m = re.match(r"^(\d+)", identifier)
    return m.group(1) if m else identifier


def range_members(identifier: str) -> set[str]:
    """The numbers a range covers, counting in twos or ones (``12-16`` -> 12..16); a plain identifier itself."""
    m = re.match(r"^(\d+)-(\d+)$", identifier)
    if not m:
        return {identifier}
    lo, hi = int(m.group(1)), int(m.group(2))
    if not 0 < hi - lo <= 20:
        return {identifier, m.group(1), m.group(2)}
    return {identifier} | {str(n) for n in range(lo, hi + 1)}
