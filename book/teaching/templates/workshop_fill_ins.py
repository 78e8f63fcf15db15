"""Fill-in-the-blank versions of three exercises for the one-day workshop and the half-day (T4 · Cascading).

In the full course these exercises start from an empty function. For a room of novices, paste one of these into the
exercise's starter cell instead: the structure is given, and each ``____`` is a gap to fill in. The exercise's own
check (``q7.check(normalise_postcode)`` and so on) is unchanged: until every gap is filled it says "not attempted",
and a filled-in answer is checked on the same cases as a learner's own function.
"""

# --- B1 · b1-q7 Normalise a postcode ---------------------------------------------------------------------------------
import re

import pandas as pd

from bootcamp.blanks import ____
from solutions.postcodes import POSTCODE_RE


def normalise_postcode(value):
    if value is None or pd.isna(value):
        return None
    squashed = re.sub(r"[^A-Z0-9]", "", str(value).upper())  # upper case; only letters and digits left
    if not 5 <= len(squashed) <= 7:
        return None
    if squashed[-3] == "O":  # the inward code starts with a digit, so an O there is a zero
        squashed = squashed[:-3] + "0" + squashed[-2:]
    if squashed[0] == "0":  # an area starts with a letter, so a zero there is an O
        squashed = "O" + squashed[1:]
    candidate = squashed[:-3] + ____ + squashed[-3:]  # one space before the last three characters
    return candidate if POSTCODE_RE.fullmatch(candidate) else None


# --- B2 · b2-q5 Precision, recall and F1 from counts -------------------------------------------------------------------


def precision_recall_f1(true_matches_found, false_matches, missed_matches):
    tp, fp, fn = true_matches_found, false_matches, missed_matches
    precision = tp / (tp + ____) if tp + fp else 1.0  # of the links we made, the share that are right
    recall = tp / (tp + ____) if tp + fn else 1.0  # of the true matches, the share we found
    f1 = 2 * precision * recall / (precision + ____) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


# --- B5 · b5-q2 The postcode sector ----------------------------------------------------------------------------------

from solutions.postcodes import normalise_postcode as tidy_postcode  # noqa: E402 - B1's answer, given here


def postcode_sector(postcode):
    tidy = tidy_postcode(postcode)  # "tb47qx" becomes "TB4 7QX"; not a postcode becomes None
    if tidy is None:
        return None
    return tidy[:____]  # "TB4 7QX" → "TB4 7": everything but the last two characters
