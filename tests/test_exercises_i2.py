"""I2's exercises accept their reference answers and reject the mistakes learners really make."""

import pandas as pd

from bootcamp.chapters import i2
from tests.exercise_checks import exercise_tests


def key_with_nan_text(fields, columns):  # joins missing parts as text: 'nan' becomes part of a key
    return fields[columns].astype(str).agg("|".join, axis=1)


def key_drops_rows(fields, columns):  # loses the rows with a missing part instead of marking them
    return fields[columns].dropna().astype(str).agg("|".join, axis=1)


def dob_sorted_as_text(dob):  # '7' and '17' sorted as text, no zero padding
    if not isinstance(dob, str) or dob.count("-") != 2:
        return None
    year, a, b = dob.split("-")
    return "|".join([year, *sorted([a, b])])


def dob_unsorted(dob):  # forgets to sort: a swap still breaks the key
    if not isinstance(dob, str) or dob.count("-") != 2:
        return None
    return dob.replace("-", "|")


def matches_keep_first(left_keys, right_keys):  # duplicated() without keep=False keeps the first copy
    left = left_keys.dropna()
    right = right_keys.dropna()
    left, right = left[~left.duplicated()], right[~right.duplicated()]
    merged = pd.DataFrame({"left_id": left.index, "key": left.values}).merge(
        pd.DataFrame({"right_id": right.index, "key": right.values}), on="key")
    return merged[["left_id", "right_id"]]


def matches_every_pair(left_keys, right_keys):  # no uniqueness check at all
    merged = pd.DataFrame({"left_id": left_keys.index, "key": left_keys.values}).merge(
        pd.DataFrame({"right_id": right_keys.index, "key": right_keys.values}), on="key")
    return merged[["left_id", "right_id"]]


def best_per_left_only(pairs):  # one per left record, but a right record can be used twice
    kept = pairs.sort_values(["score", "left_id", "right_id"], ascending=[False, True, True])
    return kept.drop_duplicates("left_id").reset_index(drop=True)


def first_come_first_served(pairs):  # greedy, but in the input order rather than by score
    used_l, used_r, keep = set(), set(), []
    for i, row in pairs.iterrows():
        if row.left_id not in used_l and row.right_id not in used_r:
            keep.append(i)
            used_l.add(row.left_id)
            used_r.add(row.right_id)
    return pairs.loc[keep].reset_index(drop=True)


def merged_with_missing():  # merges without dropping missing dob/sex: missing agrees with missing
    a, h = i2._standard("adult_social_care"), i2._standard("housing_benefit")
    return len(a.merge(h, on=["dob", "sex"]))


WRONG = {
    "i2-q1": [key_with_nan_text, key_drops_rows],
    "i2-q2": [dob_sorted_as_text, dob_unsorted],
    "i2-q3": [merged_with_missing(), 0, len(i2._standard("adult_social_care"))],
    "i2-q4": [matches_keep_first, matches_every_pair],
    "i2-q5": [best_per_left_only, first_come_first_served],
}

test_reference, test_wrong, test_stub = exercise_tests(i2, WRONG)
