"""Candidate generation and pair features for address matching (chapters B5 and A1).

1. :func:`prepare_gazetteer` parses every gazetteer row once (identifiers, building words, street words, area words)
   and builds the look-ups used for blocking: by postcode, by street and by identifier.
2. :func:`candidates` proposes gazetteer rows for each record: the record's postcode, the streets named in the record
   (so a wrong or missing postcode still finds the street) and, for records whose street was not found word for
   word, the nearest gazetteer addresses by TF-IDF of character 3-grams; a record with only an outward code
   ("SE15") also meets the addresses of that district that carry one of its numbers. Candidates whose identifiers
   cannot agree with the record's (no shared house or flat number) are dropped. No rule asks for the street or
   building name: postcode and numbers find the candidates, and names are evidence the model weighs.
3. :func:`pair_features` compares each record with each of its candidates: identifier agreement (exact, in another
   order, missing, extra, suffix conflicts such as 14A v 14C), street and building-name agreement (fuzzy, with
   rapidfuzz), words left unexplained, postcode agreement (unit, sector, district) and whether the candidate is a
   building shell (a parent building, unless the gazetteer classes it as a dwelling).

Nothing here knows about Thamesbury: it works on any gazetteer with ``uprn, saon, paon, street, locality, town,
postcode`` and any free-text UK addresses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import pandas as pd
from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from bootcamp.validate import BootcampInputError, require_frame
from solutions.address_parsing import (STREET_TYPES, is_outward_code, normalise_postcode, number_stem, parse_address,
                                       postcode_parts, range_members)

GAZETTEER_FIELDS = ["uprn", "saon", "paon", "street", "locality", "town", "postcode"]
FEATURES = ["ids_exact", "ids_same_set", "ids_suffix_as_flat", "record_ids_unmatched", "record_floor_extra",
            "candidate_flat_ids_missing", "candidate_house_ids_missing", "building_number_missing", "suffix_conflict", "range_partial", "house_number_agrees", "house_number_conflict",
            "street_match", "street_all_words", "street_type_missing", "building_match", "building_all_words", "building_missing", "candidate_has_building",
            "words_unexplained", "postcode_unit", "postcode_sector", "postcode_district", "postcode_missing",
            "candidate_is_parent", "record_flat_candidate_not", "candidate_flat_record_not", "text_similarity",
            "place_named", "key_or_place", "other_street_named"]
FUZZY_WORD = 80  # rapidfuzz ratio at which two words count as the same word (typos)
_STREETS_KEY = "\x00streets"  # where pair_features keeps, in its memo, the streets a record names


def _text(value) -> str:
    return value if isinstance(value, str) else ""


@dataclass
class Gazetteer:
    """A parsed gazetteer and its blocking look-ups."""

    frame: pd.DataFrame
    ids: list[tuple[str, ...]]
    saon_ids: list[tuple[str, ...]]
    id_keys: list[frozenset]
    building: list[tuple[str, ...]]
    street: list[tuple[str, ...]]
    area: list[tuple[str, ...]]
    text: list[str]
    postcode: list[str]
    is_parent: np.ndarray  # a building with units inside it (flats), from the gazetteer's links or its rows
    has_subunit: np.ndarray
    sole_unit: np.ndarray  # for a parent building with exactly one dwelling inside: that dwelling's row; else -1
    by_postcode: dict = field(default_factory=dict)
    by_street: dict = field(default_factory=dict)
    by_district_key: dict = field(default_factory=dict)  # (outward code, identifier key) -> rows
    street_lengths: tuple = ()
    is_shell: np.ndarray | None = None  # a parent that is a building shell (no one lives in it): see _shells
    _tfidf: object = None
    _matrix: object = None


def identifier_keys(ids) -> frozenset:
    """Blocking keys of a tuple of identifiers: each identifier, its house-number stem and the numbers of a range."""
    keys = set()
    for i in ids:
        keys |= range_members(i)
        keys.add(number_stem(i))
    return frozenset(keys)


def prepare_gazetteer(gazetteer: pd.DataFrame) -> Gazetteer:
    """Parse every gazetteer row once and build the postcode and street look-ups."""
    require_frame(gazetteer, "gazetteer", GAZETTEER_FIELDS)
    g = gazetteer.reset_index(drop=True)
    if g["uprn"].isna().any():
        raise BootcampInputError("gazetteer has rows without a uprn; every gazetteer row needs one.")
    ids, saon_ids, keys, building, street, area, text, pcs = [], [], [], [], [], [], [], []
    for saon, paon, st, loc, town, pc in zip(g["saon"], g["paon"], g["street"], g["locality"], g["town"],
                                            g["postcode"]):
        s, p = parse_address(_text(saon)), parse_address(_text(paon))
        row_ids = s.identifiers + p.identifiers
        ids.append(row_ids)
        saon_ids.append(s.identifiers)
        keys.append(identifier_keys(row_ids))
        building.append(s.words + p.words)
        street.append(parse_address(_text(st)).words)
        area.append(parse_address(_text(loc)).words + parse_address(_text(town)).words)
        text.append(" ".join(row_ids + s.words + p.words + street[-1] + area[-1]))
        pcs.append(normalise_postcode(_text(pc)) or "")
    # a parent building: no sub-unit of its own, and other rows are sub-units of the same number/name and street
    if "parent_uprn" in g.columns:
        parents = set(g["parent_uprn"].dropna().astype(str)) - {""}
        is_parent = g["uprn"].astype(str).isin(parents).to_numpy()
    else:
        has_sub = g["saon"].fillna("").astype(str).str.strip() != ""
        key = g["paon"].fillna("").astype(str) + "|" + g["street"].fillna("").astype(str) + "|" + pd.Series(pcs)
        with_sub = set(key[has_sub])
        is_parent = (~has_sub & key.isin(with_sub)).to_numpy()
    has_subunit = (g["saon"].fillna("").astype(str).str.strip() != "").to_numpy()
    sole_unit = _sole_units(g, is_parent, has_subunit, pcs)
    is_parent = is_parent & (sole_unit < 0)
    gz = Gazetteer(g, ids, saon_ids, keys, building, street, area, text, pcs, is_parent, has_subunit, sole_unit)
    gz.is_shell = is_parent & _shells(g)
    by_pc, by_st, by_dk = defaultdict(list), defaultdict(list), defaultdict(list)
    for i, (pc, st) in enumerate(zip(pcs, street)):
        if pc:
            by_pc[pc].append(i)
            district = postcode_parts(pc)[0]
            for key in keys[i]:
                by_dk[(district, key)].append(i)
        if st:
            by_st[" ".join(st)].append(i)
    gz.by_postcode, gz.by_street, gz.by_district_key = dict(by_pc), dict(by_st), dict(by_dk)
    gz.street_lengths = tuple(sorted({len(k.split()) for k in by_st}, reverse=True))
    return gz


def _shells(g: pd.DataFrame) -> np.ndarray:
    """Which rows may be building shells (no one's home), for the parents among them: with a ``classification``
    column, those whose AddressBase class starts with P (parent shell), so that a parent classed as a dwelling (a
    house with an annexe) stays a home; without one, every row, since a building listed beside its flats is a
    shell in AddressBase and a record naming it without a flat cannot say which flat it means."""
    if "classification" in g.columns:
        return g["classification"].fillna("").astype(str).str.startswith("P").to_numpy()
    return np.ones(len(g), dtype=bool)


def _sole_units(g: pd.DataFrame, is_parent: np.ndarray, has_subunit: np.ndarray, pcs: list) -> np.ndarray:
    """For each parent building holding exactly one dwelling, the row of that dwelling (-1 elsewhere).

    A dwelling is a unit whose AddressBase classification starts with R (residential) when the gazetteer has a
    ``classification`` column, any unit otherwise. Its children are found by ``parent_uprn`` when present, else by
    the same PAON, street and postcode.
    """
    out = np.full(len(g), -1)
    residential = (g["classification"].fillna("").astype(str).str.startswith("R").to_numpy()
                   if "classification" in g.columns else np.ones(len(g), dtype=bool))
    if "parent_uprn" in g.columns:
        parent_key = g["parent_uprn"].fillna("").astype(str).to_numpy()
        own_key = g["uprn"].astype(str).to_numpy()
    else:
        key = (g["paon"].fillna("").astype(str) + "|" + g["street"].fillna("").astype(str) + "|"
               + pd.Series(pcs, index=g.index)).to_numpy()
        parent_key = np.where(has_subunit, key, "")
        own_key = np.where(has_subunit, "", key)
    children: dict[str, list[int]] = defaultdict(list)
    for i in np.flatnonzero((parent_key != "") & residential):
        children[parent_key[i]].append(int(i))
    for i in np.flatnonzero(is_parent):
        kids = children.get(own_key[i], [])
        if len(kids) == 1:
            out[i] = kids[0]
    return out


def parse_records(records: pd.DataFrame) -> list:
    """Parse each record's address (and its postcode column when there is one).

    A postcode column holding only an outward code ("SE15") is kept as the record's ``outward`` code when neither the
    column nor the text gives a whole postcode: it still narrows the candidates to one district.
    """
    require_frame(records, "records", ["record_id", "address"])
    pcs = records["postcode"] if "postcode" in records.columns else [None] * len(records)
    out = []
    for a, pc in zip(records["address"], pcs):
        p = parse_address(_text(a), pc if isinstance(pc, str) else None)
        if p.postcode is None and p.outward is None and isinstance(pc, str):
            outward = outward_only(pc)
            if outward:
                p = replace(p, outward=outward)
        out.append(p)
    return out


def outward_only(value: str) -> str | None:
    """The outward code of a postcode field that holds nothing else (``" se15 "`` -> ``"SE15"``), or None."""
    token = value.strip().upper().replace(" ", "")
    return token if is_outward_code(token) else None


def streets_in(words: tuple[str, ...], gz: Gazetteer) -> list[str]:
    """The gazetteer streets written word for word in a record (longest first, overlapping ones dropped)."""
    found, used = [], set()
    for n in gz.street_lengths:
        for i in range(len(words) - n + 1):
            if any(j in used for j in range(i, i + n)):
                continue
            key = " ".join(words[i:i + n])
            if key in gz.by_street:
                found.append(key)
                used.update(range(i, i + n))
    return found


def _compatible(rec_keys: frozenset, rows, gz: Gazetteer, has_ids: bool):
    """The rows whose identifiers can agree with the record's: they share a number (or have none to disagree)."""
    if not has_ids:
        return rows
    return [i for i in rows if not gz.id_keys[i] or gz.id_keys[i] & rec_keys]


def _tfidf_neighbours(gz: Gazetteer, texts: list[str], k: int) -> list[list[int]]:
    """The k gazetteer rows nearest each text by cosine similarity of TF-IDF character 3-grams."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if gz._tfidf is None:
        gz._tfidf = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 3), min_df=1, dtype=np.float32)
        gz._matrix = gz._tfidf.fit_transform(gz.text)
    out = []
    q = gz._tfidf.transform(texts)
    for start in range(0, q.shape[0], 2000):
        sims = (q[start:start + 2000] @ gz._matrix.T).toarray()
        out.extend(_top_k_rows(sims, min(k, sims.shape[1])))
    return out


def _top_k_rows(sims: np.ndarray, k: int) -> list[list[int]]:
    """For each row of ``sims``, the columns of its ``k`` largest values; ties at the cut go to the lowest columns.

    ``np.argpartition`` alone would choose among tied values by the CPU's sort kernel, so the candidates (and the
    matches) could differ between machines.
    """
    kth = -np.partition(-sims, k - 1, axis=1)[:, k - 1:k]  # the k-th largest value of each row
    out = []
    for row, cut in zip(sims, kth[:, 0]):
        above = np.flatnonzero(row > cut)
        ties = np.flatnonzero(row == cut)[: k - len(above)]
        out.append(sorted(np.concatenate([above, ties]).tolist()))
    return out


def tfidf_neighbours(gz: Gazetteer, texts: list[str], k: int = 5) -> list[list[int]]:
    """The ``k`` gazetteer rows nearest each text by cosine similarity of TF-IDF character 3-grams, nearest first
    (equal similarities in row order, so that the answer is the same on every machine).

    ``texts`` are addresses cleaned as the gazetteer's are (``parse_address(text).text``). The candidate search uses
    the same vectors; this version ranks the whole gazetteer, so it is for showing a few texts, not for bulk use.
    """
    if not isinstance(gz, Gazetteer):
        raise BootcampInputError("gz must be a prepared gazetteer: prepare_gazetteer(gazetteer).")
    if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
        raise BootcampInputError("texts must be a list of address strings.")
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise BootcampInputError(f"k must be a whole number of neighbours, 1 or more, not {k!r}.")
    _tfidf_neighbours(gz, texts[:1] or [""], 1)  # fits the vectoriser once, as the candidate search does
    sims = (gz._tfidf.transform(list(texts)) @ gz._matrix.T).toarray()
    rows = np.arange(sims.shape[1])
    return [np.lexsort((rows, -row))[:k].tolist() for row in sims]


def candidates(parsed: list, gz: Gazetteer, fallback_k: int = 25, fallback: bool = True) -> list[list[int]]:
    """Candidate gazetteer rows for each parsed record: its postcode, its streets, and a TF-IDF fallback.

    The fallback runs for records whose street was not found word for word (a typo, a missing street) and for
    records that have no candidate yet.
    """
    out, need = [], []
    for r, p in enumerate(parsed):
        rows = set(gz.by_postcode.get(p.postcode, ())) if p.postcode else set()
        streets = streets_in(p.words, gz)
        for key in streets:
            rows.update(gz.by_street[key])
        keys = identifier_keys(p.identifiers)
        if not p.postcode and p.outward:  # only the district is known: its addresses that carry the record's numbers
            for key in keys:
                rows.update(gz.by_district_key.get((p.outward, key), ()))
        out.append(_compatible(keys, sorted(rows), gz, bool(p.identifiers)))
        if fallback and (not streets or not out[-1]):
            need.append(r)
    if need:
        texts = [parsed[r].text for r in need]
        for r, rows in zip(need, _tfidf_neighbours(gz, texts, fallback_k)):
            p = parsed[r]
            extra = _compatible(identifier_keys(p.identifiers), rows, gz, bool(p.identifiers))
            out[r] = sorted(set(out[r]) | set(extra))
    return out


def _close(w: str, rw: str) -> float:
    """Similarity (0-1) of two words allowing a typo: rapidfuzz ratio, or one swap of neighbouring letters."""
    if abs(len(rw) - len(w)) > 2 or not (rw[0] == w[0] or rw[:2] == w[:2][::-1]):
        return 0.0
    score = fuzz.ratio(w, rw) / 100
    if score < FUZZY_WORD / 100 and len(w) >= 4 and DamerauLevenshtein.distance(w, rw) <= 1:
        score = FUZZY_WORD / 100
    return score


def _match_words(words: tuple[str, ...], record_words: set, record_list: tuple[str, ...]) -> tuple[float, set, bool]:
    """How far ``words`` (a candidate's street or building) are found in a record.

    Returns the share of their letters found (exact words, typos, two record words that make one candidate word
    such as VIN EYARD, or an abbreviation such as ROSEB), the record words used, and whether every word was found.
    """
    if not words:
        return 1.0, set(), True
    total = hit = 0.0
    matched = set()
    found_all = True
    for w in words:
        total += len(w)
        if w in record_words:
            hit += len(w)
            matched.add(w)
            continue
        best, who = 0.0, None
        if len(w) >= 4:
            for rw in record_list:
                score = _close(w, rw)
                if score > best:
                    best, who = score, rw
        if best >= FUZZY_WORD / 100:
            hit += len(w) * best
            matched.add(who)
            continue
        joined = next((j for j in range(len(record_list) - 1) if len(w) >= 5
                       and record_list[j] + record_list[j + 1] == w), None)
        if joined is not None:
            hit += len(w)
            matched.update(record_list[joined:joined + 2])
            continue
        abbreviation = next((rw for rw in record_list if len(rw) >= 3 and len(w) >= 5 and w.startswith(rw)
                             and rw not in matched), None)
        if abbreviation is not None:
            hit += len(w) * 0.7
            matched.add(abbreviation)
            continue
        found_all = False
    return hit / total, matched, found_all


def suffix_as_flat(ids: tuple[str, ...]) -> tuple[str, ...]:
    """Identifiers with a flat letter folded into the house number: ``('A', '49')`` -> ``('49A',)``.

    Many house styles write Flat A at number 49 as "49A"; this is the form to compare such records with.
    """
    out, i = [], 0
    while i < len(ids):
        if len(ids[i]) == 1 and ids[i].isalpha() and i + 1 < len(ids) and ids[i + 1].isdigit():
            out.append(ids[i + 1] + ids[i])
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return tuple(out)


def _is_floor(identifier: str) -> bool:
    return identifier.startswith("F") and not identifier[1:2].isalpha() or identifier in ("FB", "FTOP", "FUP", "FLOW")


def compare_identifiers(rid: tuple[str, ...], gid: tuple[str, ...], saon_ids: tuple[str, ...]) -> dict:
    """How a record's identifiers agree with a candidate's: what matched, what is left over on each side."""
    return dict(_compare_identifiers(tuple(rid), tuple(gid), tuple(saon_ids)))


@lru_cache(maxsize=300_000)
def _compare_identifiers(rid: tuple[str, ...], gid: tuple[str, ...], saon_ids: tuple[str, ...]) -> tuple:
    r_left, g_left = list(rid), list(gid)
    for x in list(g_left):
        if x in r_left:
            r_left.remove(x)
            g_left.remove(x)
    range_partial = 0.0
    for x in list(g_left):  # a record number inside a candidate's range (12 in 12-14)
        inside = [y for y in r_left if "-" in x and y in range_members(x)]
        if inside:
            r_left.remove(inside[0])
            g_left.remove(x)
            range_partial = 1.0
    saon_left = list(saon_ids)
    flat_missing = 0
    for x in g_left:
        if x in saon_left:
            saon_left.remove(x)
            flat_missing += 1
    return tuple({
        "ids_exact": float(rid == gid),
        "ids_same_set": float(sorted(rid) == sorted(gid)),
        "ids_suffix_as_flat": float(rid != gid and (suffix_as_flat(gid) == rid or suffix_as_flat(rid) == gid)),
        "record_ids_unmatched": float(sum(1 for y in r_left if not _is_floor(y))),
        "record_floor_extra": float(sum(1 for y in r_left if _is_floor(y))),
        "candidate_flat_ids_missing": float(flat_missing),
        "candidate_house_ids_missing": float(len(g_left) - flat_missing),
        "suffix_conflict": float(any(number_stem(x) == number_stem(y) and x != y for x in g_left for y in r_left)),
        "range_partial": range_partial,
    }.items())


def pair_features(p, i: int, gz: Gazetteer, memo: dict | None = None) -> list[float]:
    """The comparison features (see FEATURES) of one parsed record ``p`` and gazetteer row ``i``.

    ``memo`` (a dict kept while one record's candidates are compared) saves comparing the same street twice.
    """
    memo = {} if memo is None else memo

    def _word_match(words, rwords, rlist):  # noqa: F811 - the memoised version of the module function
        found = memo.get(words)
        if found is None:
            found = memo[words] = _match_words(words, rwords, rlist)
        return found

    f = compare_identifiers(p.identifiers, gz.ids[i], gz.saon_ids[i])
    rwords, rlist = set(p.words), p.words
    street, st_hit, st_all = _word_match(gz.street[i], rwords, rlist)
    has_building = bool(gz.building[i])
    building, b_hit, b_all = _word_match(gz.building[i], rwords, rlist) if has_building else (1.0, set(), True)
    _, a_hit, _ = _word_match(gz.area[i], rwords, rlist)
    f["street_match"] = street
    f["street_all_words"] = float(st_all)
    # "53 DULWICH" for 53 DULWICH TERRACE: the street's name is there, its type left off (and no other type instead)
    st = gz.street[i]
    f["street_type_missing"] = 0.0
    if not st_all and len(st) >= 2 and st[-1] in STREET_TYPES and st[-1] not in rwords:
        name_share, name_hit, name_all = _match_words(st[:-1], rwords, rlist)
        other_types = {w for w in rlist if w in STREET_TYPES} - set(gz.building[i]) - name_hit
        if name_all and not other_types:
            f["street_type_missing"] = 1.0
            st_hit = st_hit | name_hit
    f["building_match"] = building
    f["building_all_words"] = float(b_all)
    if has_building and b_all and f["candidate_house_ids_missing"]:  # FLAT 4, LANSBURY MANSIONS for ... MANSIONS 1
        f["building_number_missing"], f["candidate_house_ids_missing"] = f["candidate_house_ids_missing"], 0.0
    else:
        f["building_number_missing"] = 0.0
    f["building_missing"] = float(has_building and building < 0.5)
    # UK addresses put the house number last among the identifiers: compare the record's last with the candidate's
    # (a named building's number may be left off: "11 Turner Tower" for FLAT 11, TURNER TOWER 3)
    paon_ids = gz.ids[i][len(gz.saon_ids[i]):]
    last = [x for x in p.identifiers if not _is_floor(x)]
    agrees = bool(paon_ids and last) and (last[-1] == paon_ids[-1] or last[-1] in range_members(paon_ids[-1]))
    named_flat = has_building and b_all and bool(last) and last[-1] in gz.saon_ids[i]
    # "5 Meadow Ave" read as UNIT 5, WOOLF BUILDINGS, MEADOW AVENUE: the record's house number is only the
    # candidate's unit number, in a building the record does not name and without a number of its own
    unit_as_house = (not paon_ids and bool(last) and not p.has_subunit and last[-1] in gz.saon_ids[i]
                     and not (has_building and b_all))
    f["house_number_agrees"] = float(agrees)
    f["house_number_conflict"] = float(bool(paon_ids and last) and not agrees and not named_flat or unit_as_house)
    f["candidate_has_building"] = float(has_building)
    explained = st_hit | b_hit | a_hit
    f["words_unexplained"] = sum(len(w) for w in rlist if w not in explained) / max(1, sum(len(w) for w in rlist))
    gpc, rpc = gz.postcode[i], p.postcode
    if rpc:
        rd, rs, _ = postcode_parts(rpc)
        gd, gs, _ = postcode_parts(gpc)
        f.update(postcode_unit=float(rpc == gpc), postcode_sector=float(rs == gs and rpc != gpc),
                 postcode_district=float(rd == gd and rs != gs), postcode_missing=0.0)
    else:
        f.update(postcode_unit=0.0, postcode_sector=0.0, postcode_district=0.0, postcode_missing=1.0)
    cand_sub = bool(gz.has_subunit[i])
    f["candidate_is_parent"] = float(gz.is_shell[i])
    f["record_flat_candidate_not"] = float(p.has_subunit and not cand_sub)
    f["candidate_flat_record_not"] = float(cand_sub and not p.has_subunit)
    f["text_similarity"] = fuzz.token_set_ratio(p.text, gz.text[i]) / 100
    # the record names the candidate's place (its whole street or building name) and names no other building in
    # its stead (GAINSBOROUGH HOUSE for a record saying GAINSBOROUGH TOWER)
    other_building = has_building and not b_all and f["words_unexplained"] > 0
    f["place_named"] = float((st_all or f["street_type_missing"] == 1.0 or (has_building and b_all))
                             and not other_building)
    # the key most councils rely on: the record's postcode unit (the numbers already agree: see candidates), or
    # failing that its place named; a candidate with neither shares only a number with the record
    f["key_or_place"] = max(f["postcode_unit"], f["place_named"])
    # the record names, word for word, another street of the gazetteer and not this candidate's (in a postcode unit
    # of several streets, the same number on the other street)
    named = memo.get(_STREETS_KEY)
    if named is None:
        named = memo[_STREETS_KEY] = frozenset(streets_in(p.words, gz))
    own = " ".join(gz.street[i])
    f["other_street_named"] = float(bool(named - {own}) and own not in named)
    return [f[name] for name in FEATURES]


def flat_conflict(features: pd.DataFrame) -> pd.Series:
    """True where the candidate cannot be the record's property because an identifier disagrees: its flat is not the
    record's (Flat 2 v FLAT 1, Flat B v FLAT A, Ground Floor Flat v FIRST FLOOR FLAT), its suffix is not the record's
    (14A v 14, unless 14A is the record's way of writing Flat A, 14), or its house number is not the last number the
    record gives (Flat 3, 19 ... v 3 ...), or it is a building with flats inside and the record is a flat (it names
    one, or says "Flat" without saying which).

    Names are not conflicts: a wrong or missing street or building name is evidence against a candidate (features
    the model weighs), since the postcode and the numbers often identify the property when the name is wrong."""
    flat = features["candidate_flat_ids_missing"].gt(0) & (
        features["record_ids_unmatched"] + features["record_floor_extra"]).gt(0)
    suffix = features["suffix_conflict"].gt(0) & features["ids_suffix_as_flat"].eq(0)
    own_unit = (features["record_ids_unmatched"] + features["record_floor_extra"]).gt(0)
    has_units = features.get("candidate_has_units", features["candidate_is_parent"])  # a building with flats
    says_flat = own_unit | features["record_flat_candidate_not"].gt(0)  # a flat's number, or "Flat" with none
    parent = has_units.gt(0) & says_flat  # a building with flats inside, for a record that is a flat in it
    return flat | suffix | parent | features["house_number_conflict"].gt(0)


def street_contradicted(features: pd.DataFrame) -> pd.Series:
    """True where the record names, word for word, another street than the candidate's, and a candidate on the
    street it names agrees with its numbers (``12 High Street`` with the postcode of 12 St Mary's Road, when 12 High
    Street exists): the record then describes another property that exists. Needs the pairs' ``record`` and
    ``record_id`` columns (a record's candidates are compared with each other); a record whose named street holds no
    such candidate (``3 FIR LANE`` where Fir Lane has no 3) contradicts nothing, and its postcode and number decide."""
    keys = [c for c in ("record", "record_id") if c in features]
    if not keys or features.empty:
        return pd.Series(False, index=features.index)
    named_agrees = (features["place_named"].eq(1.0) & features["house_number_agrees"].eq(1.0)
                    & ~flat_conflict(features))
    record_has = named_agrees.groupby([features[k] for k in keys]).transform("any")
    return record_has & features["place_named"].eq(0.0) & features["other_street_named"].eq(1.0)


def eligible(features: pd.DataFrame) -> pd.Series:
    """Candidates the pipeline may accept at all: those whose flat, suffix and house number do not conflict with the
    record's (:func:`flat_conflict`), that the record does not contradict by naming another existing property
    (:func:`street_contradicted`), and that share with it more than a number: its postcode unit or its place name
    (``key_or_place``; a number alone, in another postcode, on a street the record does not name, identifies
    nothing). Rules kept outside any learned score, because they hold in every council's data however rare their
    counter-examples were in the training data. With the postcode unit and the numbers agreeing, whether the record
    names the candidate's street or building is not a rule but evidence (``place_named``, ``street_match`` ...): the
    model weighs it."""
    return ~flat_conflict(features) & ~street_contradicted(features) & features["key_or_place"].eq(1.0)


def candidate_pairs(records: pd.DataFrame, gz: Gazetteer, parsed=None, **kwargs) -> pd.DataFrame:
    """Every (record, candidate) pair with its features: columns record_id, uprn, row (gazetteer row) and FEATURES."""
    parsed = parsed if parsed is not None else parse_records(records)
    cands = candidates(parsed, gz, **kwargs)
    rec_idx, rows, feats = [], [], []
    for r, (p, cs) in enumerate(zip(parsed, cands)):
        memo: dict = {}
        for i in cs:
            rec_idx.append(r)
            rows.append(i)
            feats.append(pair_features(p, i, gz, memo))
    ids = records["record_id"].to_numpy()
    uprns = gz.frame["uprn"].astype(str).to_numpy()
    out = pd.DataFrame(np.array(feats, dtype=float).reshape(-1, len(FEATURES)), columns=FEATURES)
    out.insert(0, "row", np.array(rows, dtype=int))
    out.insert(0, "uprn", uprns[np.array(rows, dtype=int)] if rows else np.array([], dtype=object))
    out.insert(0, "record_id", ids[np.array(rec_idx, dtype=int)] if rec_idx else np.array([], dtype=object))
    out.insert(0, "record", np.array(rec_idx, dtype=int))
    # a building with flats inside (shell or not): not a feature, but what flat_conflict needs to rule it out
    out["candidate_has_units"] = gz.is_parent[out["row"].to_numpy()].astype(float)
    # a building with exactly one dwelling inside stands for that dwelling (residents live in dwellings), unless the
    # record names a flat or floor of its own, which that dwelling is not
    if len(out):
        sole = gz.sole_unit[out["row"].to_numpy()]
        own_unit = (out["record_ids_unmatched"] + out["record_floor_extra"]).gt(0).to_numpy()
        stands_for = (sole >= 0) & ~own_unit
        out["uprn"] = np.where(stands_for, uprns[np.maximum(sole, 0)], out["uprn"].to_numpy())
        out.loc[(sole >= 0) & own_unit, ["candidate_is_parent", "candidate_has_units"]] = 1.0
    return out
