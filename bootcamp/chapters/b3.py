"""B3 · Data linkage in R: front matter only.

The chapter is an R notebook (IRkernel). Its exercises are checked in R by bootcamp/r/checks.R against the reference
answers in bootcamp/r/solutions.R (tests: tests/test_r_checks.py), so this module declares no Python exercises.
"""

from __future__ import annotations

from bootcamp.chapters import Chapter

chapter = Chapter(
    code="B3",
    title="Data linkage in R",
    part="beginner",
    week=2,
    minutes=120,
    notebook="book/beginner/b3_linkage_r.ipynb",
    questions=(
        "How do I do in R the linkage I did in Python, council tax to the electoral register?",
        "Which R packages do the work: dplyr for tables, stringr for text, stringdist for similarity?",
        "Where do R and Python behave differently in ways that change the answer?",
        "What do the R linkage packages reclin2 and fastLink add?",
    ),
    objectives=(
        "Read every column of a source as text with readr and clean names and postcodes with stringr.",
        "Block by joining on postcode with dplyr, keeping records without a postcode out of the candidate pairs.",
        "Build a comparison vector with stringdist (Jaro-Winkler and optimal string alignment) and combine it into "
        "a weighted score.",
        "Evaluate the linkage against the truth with precision, recall and F1, and choose a threshold.",
        "Translate between pandas/rapidfuzz/recordlinkage idioms and dplyr/stringr/stringdist/reclin2/fastLink.",
    ),
    prerequisites=(
        "B2 · Your first data linkage in Python (the same linkage; this chapter does it again in R).",
        "R installed with the IRkernel, dplyr, stringr, stringdist and readr (see Setup).",
        "A first look at R: `<-`, vectors, functions and data frames.",
    ),
    key_points=(
        "The steps of a linkage do not depend on the language: clean, block, compare, score, evaluate.",
        "R is vectorised: write cleaning and comparison functions that take and return whole columns.",
        "dplyr joins match NA to NA unless you say na_matches = \"never\": records without a postcode would all "
        "block together.",
        "stringdist returns distances; stringsim returns similarities; method = \"jw\" is plain Jaro unless p = 0.1.",
        "Pick the columns of a weighted score by name, not by position, and scale it so that 1 means full "
        "agreement.",
        "reclin2 and fastLink package the same steps (and Fellegi-Sunter with EM) for R, as recordlinkage and "
        "Splink do for Python.",
    ),
)
