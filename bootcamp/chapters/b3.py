"""B3 · Data linkage in R: front matter and the R exercises' declarations.

The chapter is an R notebook (IRkernel). Its exercises are declared here like every other chapter's, with R source
text where the answers, inputs and expected values are R (see ``bootcamp.r.exercises``); ``bootcamp/r/checks.R``
reads these declarations and checks learners' functions against the reference answers in ``bootcamp/r/solutions.R``
(tests: tests/test_r_checks.py).
"""

from __future__ import annotations

from bootcamp.chapters import Chapter
from bootcamp.r.exercises import RFunctionExercise

chapter = Chapter(
    code="B3",
    title="Data linkage in R",
    part="beginner",
    week=2,
    minutes=180,
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
        "Evaluate the linkage with precision, recall and F1, choosing a threshold on one half of the records and "
        "reporting it on the other.",
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
        "A threshold chosen with the truth flatters itself on that truth: choose it on one set of records (in real "
        "work, a clerical sample) and report it on another.",
        "reclin2 and fastLink package the same steps (and Fellegi-Sunter with EM) for R, as recordlinkage and "
        "Splink do for Python.",
    ),
)


# --- the small tables the exercises' cases use (R code) ----------------------------------------------------------

FIXTURES = r"""
.pairs_frame <- function(left_id, right_id) data.frame(left_id = left_id, right_id = right_id)
.b3_left <- data.frame(
  record_id = c("CT1", "CT2", "CT3", "CT4"),
  surname = c("OKAFOR", "SMITH", "NGUYEN", "PATEL"),
  postcode = c("TB1 1AA", "TB1 1AA", NA, "SW1A 1AA")
)
.b3_right <- data.frame(
  record_id = c("ER1", "ER2", "ER3", "ER4", "ER5"),
  surname = c("Okafor", "Smyth", "Nguyen", "Brown", "Patel"),
  postcode = c("TB1 1AA", "TB1 1AA", NA, "TB9 9ZZ", "SW1A 1AA")
)
.b3_comparisons <- data.frame(
  surname = c(1, 0.9, 0.5, 0, 1),
  forename = c(1, 0.8, 0.4, 0.2, 0),
  address = c(0.5, 1, 0, 0.3, 0)
)
.b3_comparisons_reordered <- .b3_comparisons[, c("address", "surname", "forename")]
.b3_truth <- .pairs_frame(c("CT1", "CT2", "CT4", "CT7"), c("ER1", "ER2", "ER5", "ER9"))
""".strip()


# --- exercises (R) -------------------------------------------------------------------------------------------------
# ``cases`` and ``golden`` are R expressions: each case is the list() of arguments of one call; a golden case is
# (arguments, expected value written out by hand). ``wrong`` holds mistakes learners make, as the R they would type.

q1 = RFunctionExercise(
    label="b3-q1", title="Tidy a name", name="clean_name", fixtures=FIXTURES,
    reference="clean_name",
    cases=[
        """list(c("  o'Brien ", "Mary-Jane  SMITH", "NGUYEN"))""",
        """list(c("Zoë", "Smith.", "d\u2019Souza"))""",
        """list(c(NA, "", "  ", "J. R. R."))""",
        """list(character(0))""",
    ],
    golden=[
        ("""list(c("  o'Brien ", "Mary-Jane  SMITH", "Zoë", "d\u2019Souza"))""",
         """c("OBRIEN", "MARY JANE SMITH", "ZOË", "DSOUZA")"""),
        ("""list(c(NA, "", "  ", "J. R. R."))""", """c(NA, NA, NA, "J R R")"""),
        ("""list(character(0))""", """character(0)"""),
    ],
    wrong=[
        "clean_name <- function(x) toupper(trimws(x))  # apostrophes, hyphens and double spaces kept",
        "clean_name <- function(x) {\n"
        "  # only A-Z kept: drops the ë of Zoë\n"
        "  stringr::str_squish(stringr::str_remove_all(toupper(x), '[^A-Z ]'))\n"
        "}",
        "clean_name <- function(x) {\n"
        "  # the hyphen removed, not turned into a space: MARYJANE\n"
        "  stringr::str_squish(stringr::str_remove_all(stringr::str_to_upper(x), '[^\\\\p{L} ]'))\n"
        "}",
        "clean_name <- function(x) {\n"
        "  # an empty result left as \"\" instead of NA\n"
        "  x <- stringr::str_replace_all(stringr::str_to_upper(x), '-', ' ')\n"
        "  stringr::str_squish(stringr::str_remove_all(x, '[^\\\\p{L} ]'))\n"
        "}",
    ],
    hints=[
        "stringr has a verb for each step: str_to_upper(), str_replace_all(), str_remove_all(), str_squish().",
        "Keep letters from every alphabet with the regex class \\p{L} (not just A-Z), and turn \"\" into NA with "
        "dplyr::na_if().",
    ],
    starter="clean_name <- function(x) {\n  NULL  # your code here\n}",
)

q2 = RFunctionExercise(
    label="b3-q2", title="Standardise a postcode", name="clean_postcode", fixtures=FIXTURES,
    reference="clean_postcode",
    cases=[
        """list(c("tb4 7qx", "TB47QX", " TB4  7QX "))""",
        """list(c("SW1A1AA", "ec1a 1bb", "M1 1AE", "B33 8TH"))""",
        """list(c("TB4", "NOT KNOWN", NA, "", "TB4 7QX X"))""",
        """list(character(0))""",
    ],
    golden=[
        ("""list(c("tb4 7qx", "TB47QX", " TB4  7QX ", "SW1A1AA"))""", """c("TB4 7QX", "TB4 7QX", "TB4 7QX", "SW1A 1AA")"""),
        ("""list(c("TB4", "NOT KNOWN", NA, ""))""", """c(NA_character_, NA, NA, NA)"""),
        ("""list(character(0))""", """character(0)"""),
    ],
    wrong=[
        "clean_postcode <- function(x) stringr::str_squish(toupper(x))  # TB47QX stays without its space",
        "clean_postcode <- function(x) {\n"
        "  # the space put after the third character, not before the last three: SW1 A1AA\n"
        "  x <- toupper(gsub(' ', '', x))\n"
        "  paste(substr(x, 1, 3), substr(x, 4, 10))\n"
        "}",
        "clean_postcode <- function(x) {\n"
        "  # no validation: NA becomes 'N NA' and 'TB4' becomes ' TB4'\n"
        "  x <- toupper(gsub('[^A-Za-z0-9]', '', x))\n"
        "  paste(substr(x, 1, nchar(x) - 3), substr(x, nchar(x) - 2, nchar(x)))\n"
        "}",
    ],
    hints=[
        "Remove everything that is not a letter or a digit first, then put the space before the LAST three "
        "characters: str_sub(x, -3).",
        "Test the squashed code against a UK pattern with str_detect(): ^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$, "
        "and set the rest to NA.",
        "An empty vector in must give an empty vector out. paste0(a, \" \", b) gives one value even when a and b "
        "are empty (the \" \" is recycled); stringr's str_c() gives none.",
    ],
    starter="clean_postcode <- function(x) {\n  NULL  # your code here\n}",
)

q3 = RFunctionExercise(
    label="b3-q3", title="Block by joining on postcode", name="candidate_pairs", fixtures=FIXTURES, compare="pairs",
    reference="candidate_pairs",
    cases=[
        """list(.b3_left, .b3_right)""",
        """list(.b3_left[3, ], .b3_right[3, ])""",
        """list(.b3_left[1, ], .b3_right[4, ])""",
    ],
    golden=[
        ("""list(.b3_left, .b3_right)""",
         """data.frame(left_id = c("CT1", "CT1", "CT2", "CT2", "CT4"),
                       right_id = c("ER1", "ER2", "ER1", "ER2", "ER5"))"""),
        ("""list(.b3_left[3, ], .b3_right[3, ])""", """data.frame(left_id = character(0), right_id = character(0))"""),
    ],
    wrong=[
        "candidate_pairs <- function(left, right) {\n"
        "  # NA postcodes pair with each other: dplyr's default na_matches = \"na\"\n"
        "  pairs <- dplyr::inner_join(dplyr::select(left, left_id = record_id, postcode),\n"
        "                             dplyr::select(right, right_id = record_id, postcode), by = 'postcode')\n"
        "  pairs[c('left_id', 'right_id')]\n"
        "}",
        "candidate_pairs <- function(left, right) {\n"
        "  # a left join keeps records with no partner, with right_id NA\n"
        "  pairs <- dplyr::left_join(dplyr::select(left, left_id = record_id, postcode),\n"
        "                            dplyr::select(right, right_id = record_id, postcode), by = 'postcode',\n"
        "                            na_matches = 'never')\n"
        "  pairs[c('left_id', 'right_id')]\n"
        "}",
        "candidate_pairs <- function(left, right) {\n"
        "  # the join is right but the columns keep their source names\n"
        "  dplyr::inner_join(left, right, by = 'postcode', na_matches = 'never')[c('record_id.x', 'record_id.y')]\n"
        "}",
        "candidate_pairs <- function(left, right) {\n"
        "  # every pair: no blocking at all\n"
        "  expand.grid(left_id = left$record_id, right_id = right$record_id, stringsAsFactors = FALSE)\n"
        "}",
    ],
    hints=[
        "Rename record_id to left_id and right_id with select(), then inner_join() on postcode and keep the two ID "
        "columns.",
        "dplyr joins treat NA as equal to NA by default: add na_matches = \"never\" so records without a postcode "
        "pair with nobody.",
    ],
    starter="candidate_pairs <- function(left, right) {\n  NULL  # your code here\n}",
)

q4 = RFunctionExercise(
    label="b3-q4", title="Jaro-Winkler similarity", name="jw_similarity", fixtures=FIXTURES,
    reference="jw_similarity",
    cases=[
        """list(c("MARTHA", "DWAYNE", "DIXON"), c("MARHTA", "DUANE", "DICKSONX"))""",
        """list(c("SMITH", "OKAFOR"), c("SMITH", "OKAFOR"))""",
        """list(c("JONES", NA, "ALI"), c(NA, "PATEL", "ALY"))""",
        """list(c("MOHAMMED", "JOHN"), c("MUHAMMAD", "JON"))""",
    ],
    golden=[
        ("""list(c("MARTHA", "SMITH", "JONES", NA), c("MARHTA", "SMITH", NA, "PATEL"))""", """c(0.9611111, 1, 0, 0)"""),
    ],
    wrong=[
        "jw_similarity <- function(a, b) stringdist::stringsim(a, b, method = 'jw')  # plain Jaro: p defaults to 0",
        "jw_similarity <- function(a, b) {\n"
        "  stringdist::stringdist(a, b, method = 'jw', p = 0.1)  # a distance, not a similarity\n"
        "}",
        "jw_similarity <- function(a, b) stringdist::stringsim(a, b, method = 'jw', p = 0.1)  # NA kept",
        "jw_similarity <- function(a, b) stringdist::stringsim(a, b, method = 'osa')  # the wrong measure",
    ],
    hints=[
        "stringdist::stringsim() gives a similarity (1 - distance); stringdist() gives a distance.",
        "method = \"jw\" is plain Jaro unless you also pass p = 0.1; then replace NA with 0.",
    ],
    starter="jw_similarity <- function(a, b) {\n  NULL  # your code here\n}",
)

q5 = RFunctionExercise(
    label="b3-q5", title="A simple weighted score", name="score_pairs", fixtures=FIXTURES,
    reference="score_pairs",
    cases=[
        """list(.b3_comparisons, c(surname = 3, forename = 2, address = 1))""",
        """list(.b3_comparisons_reordered, c(surname = 3, forename = 2, address = 1))""",
        """list(.b3_comparisons, c(address = 1, surname = 1))""",
    ],
    golden=[
        ("""list(data.frame(surname = c(1, 0.5), forename = c(1, 0), address = c(0, 1)),
                 c(surname = 3, forename = 2, address = 1))""", """c(0.8333333, 0.4166667)"""),
        ("""list(data.frame(address = c(1, 0), surname = c(0, 1)), c(surname = 3, address = 1))""",
         """c(0.25, 0.75)"""),
    ],
    wrong=[
        "score_pairs <- function(comparisons, weights) {\n"
        "  # the columns taken by position, not by name\n"
        "  as.vector(as.matrix(comparisons) %*% weights) / sum(weights)\n"
        "}",
        "score_pairs <- function(comparisons, weights) rowMeans(comparisons)  # the weights ignored",
        "score_pairs <- function(comparisons, weights) {\n"
        "  # not divided by the total weight: runs past 1\n"
        "  as.vector(as.matrix(comparisons[names(weights)]) %*% weights)\n"
        "}",
    ],
    hints=[
        "Multiply each column by its weight, add them up and divide by sum(weights): a weighted mean between 0 and 1.",
        "Pick the columns by name, comparisons[, names(weights)], so the column order of the data does not matter.",
    ],
    starter="score_pairs <- function(comparisons, weights) {\n  NULL  # your code here\n}",
)

q6 = RFunctionExercise(
    label="b3-q6", title="Precision, recall and F1", name="link_metrics", fixtures=FIXTURES,
    reference="link_metrics",
    cases=[
        """list(.pairs_frame(c("CT1", "CT2", "CT3"), c("ER1", "ER3", "ER3")), .b3_truth)""",
        """list(.pairs_frame(c("CT1", "CT1", "CT4", "CT7"), c("ER1", "ER1", "ER5", "ER9")), .b3_truth)""",
        """list(.pairs_frame(character(0), character(0)), .b3_truth)""",
        """list(.pairs_frame(c("CT1", "CT2"), c("ER2", "ER1")), .b3_truth)""",
    ],
    golden=[
        ("""list(.pairs_frame(c("CT1", "CT2", "CT3"), c("ER1", "ER3", "ER3")), .b3_truth)""",
         """c(precision = 0.3333333, recall = 0.25, f1 = 0.2857143)"""),
        ("""list(.pairs_frame(c("CT1", "CT1", "CT4", "CT7"), c("ER1", "ER1", "ER5", "ER9")), .b3_truth)""",
         """c(precision = 1, recall = 0.75, f1 = 0.8571429)"""),
        ("""list(.pairs_frame(character(0), character(0)), .b3_truth)""", """c(precision = 1, recall = 0, f1 = 0)"""),
    ],
    wrong=[
        "link_metrics <- function(predicted, truth) {\n"
        "  # duplicates counted twice\n"
        "  tp <- sum(paste(predicted$left_id, predicted$right_id) %in% paste(truth$left_id, truth$right_id))\n"
        "  p <- tp / nrow(predicted)\n"
        "  r <- tp / nrow(truth)\n"
        "  c(precision = p, recall = r, f1 = 2 * p * r / (p + r))\n"
        "}",
        "link_metrics <- function(predicted, truth) {\n"
        "  # precision and recall swapped\n"
        "  predicted <- dplyr::distinct(predicted[c('left_id', 'right_id')])\n"
        "  truth <- dplyr::distinct(truth[c('left_id', 'right_id')])\n"
        "  tp <- nrow(dplyr::semi_join(predicted, truth, by = c('left_id', 'right_id')))\n"
        "  recall <- if (nrow(predicted)) tp / nrow(predicted) else 1\n"
        "  precision <- if (nrow(truth)) tp / nrow(truth) else 1\n"
        "  f1 <- if (precision + recall > 0) 2 * precision * recall / (precision + recall) else 0\n"
        "  c(precision = precision, recall = recall, f1 = f1)\n"
        "}",
        "link_metrics <- function(predicted, truth) {\n"
        "  # F1 as the plain mean of precision and recall\n"
        "  predicted <- dplyr::distinct(predicted[c('left_id', 'right_id')])\n"
        "  truth <- dplyr::distinct(truth[c('left_id', 'right_id')])\n"
        "  tp <- nrow(dplyr::semi_join(predicted, truth, by = c('left_id', 'right_id')))\n"
        "  precision <- if (nrow(predicted)) tp / nrow(predicted) else 1\n"
        "  recall <- if (nrow(truth)) tp / nrow(truth) else 1\n"
        "  c(precision = precision, recall = recall, f1 = (precision + recall) / 2)\n"
        "}",
        "link_metrics <- function(predicted, truth) {\n"
        "  # right numbers, but without their names\n"
        "  predicted <- dplyr::distinct(predicted[c('left_id', 'right_id')])\n"
        "  truth <- dplyr::distinct(truth[c('left_id', 'right_id')])\n"
        "  tp <- nrow(dplyr::semi_join(predicted, truth, by = c('left_id', 'right_id')))\n"
        "  precision <- if (nrow(predicted)) tp / nrow(predicted) else 1\n"
        "  recall <- if (nrow(truth)) tp / nrow(truth) else 1\n"
        "  c(precision, recall, if (precision + recall > 0) 2 * precision * recall / (precision + recall) else 0)\n"
        "}",
    ],
    hints=[
        "Precision = true links found / links predicted; recall = true links found / true links. A semi_join() finds "
        "the true ones.",
        "Count each pair once (distinct()), and when nothing is predicted, precision is 1 by convention.",
    ],
    starter="link_metrics <- function(predicted, truth) {\n  NULL  # your code here\n}",
)
