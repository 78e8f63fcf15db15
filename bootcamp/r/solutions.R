# Reference answers to the R exercises of the Data Matching Bootcamp (chapter B3, data linkage in R).
#
# Each answer lives here once. bootcamp/r/checks.R sources this file into its own environment, shows an answer with
# b3_solution("qN") and checks learners' answers against it with check_b3("qN", answer). The functions use only base
# R, dplyr, stringr and stringdist (all packaged by Debian, so they install without CRAN).
#
# The comment block right above each function is shown to learners with its code: keep it short and useful.

# q1 · Tidy a name: upper case, hyphens become spaces, anything that is not a letter or a space goes (apostrophes,
# full stops, digits), runs of spaces become one, and an empty result is missing (NA). Vectorised, like all of R.
clean_name <- function(x) {
  x <- stringr::str_to_upper(as.character(x))
  x <- stringr::str_replace_all(x, "-", " ")
  x <- stringr::str_remove_all(x, "[^\\p{L} ]")   # \p{L}: a letter in any alphabet, so Zoë keeps her ë
  x <- stringr::str_squish(x)
  dplyr::na_if(x, "")
}

# q2 · Standardise a UK postcode: upper case, spaces and punctuation removed, then one space before the last three
# characters ("outward inward"). Anything that is not shaped like a UK postcode becomes NA, so it can never block.
clean_postcode <- function(x) {
  x <- stringr::str_to_upper(stringr::str_remove_all(as.character(x), "[^A-Za-z0-9]"))
  valid <- stringr::str_detect(x, "^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
  out <- stringr::str_c(stringr::str_sub(x, 1, -4), " ", stringr::str_sub(x, -3, -1))
  out[is.na(valid) | !valid] <- NA_character_
  out
}

# q3 · Blocking by a join: every (left, right) pair of records that share a postcode. dplyr's joins match NA to NA
# unless told otherwise, so na_matches = "never" keeps records without a postcode out of the candidates.
candidate_pairs <- function(left, right) {
  left <- dplyr::select(left, left_id = record_id, postcode)
  right <- dplyr::select(right, right_id = record_id, postcode)
  pairs <- dplyr::inner_join(left, right, by = "postcode", na_matches = "never")
  dplyr::distinct(dplyr::select(pairs, left_id, right_id))
}

# q4 · Jaro-Winkler similarity between two vectors of strings, pair by pair: 1 is identical, 0 nothing in common.
# stringdist gives distances, and its "jw" is plain Jaro unless p = 0.1. A missing name counts as no evidence: 0.
jw_similarity <- function(a, b) {
  similarity <- stringdist::stringsim(a, b, method = "jw", p = 0.1)
  similarity[is.na(similarity)] <- 0
  similarity
}

# q5 · A simple weighted score: the weighted mean of the comparison columns named in `weights`, matched by name (not
# by position), so 1 means every field agrees perfectly and 0 that none does.
score_pairs <- function(comparisons, weights) {
  missing <- setdiff(names(weights), names(comparisons))
  if (length(missing)) stop("comparisons has no column ", paste(missing, collapse = ", "))
  values <- as.matrix(comparisons[, names(weights), drop = FALSE])
  as.vector(values %*% weights) / sum(weights)
}

# q6 · Precision, recall and F1 of predicted links against the true links (both data frames of left_id, right_id).
# Each pair counts once, however often it appears. Precision is 1 when nothing is predicted; recall 1 when nothing
# is true (the same conventions as bootcamp.evaluation.linkage_metrics in Python).
link_metrics <- function(predicted, truth) {
  predicted <- dplyr::distinct(dplyr::select(predicted, left_id, right_id))
  truth <- dplyr::distinct(dplyr::select(truth, left_id, right_id))
  tp <- nrow(dplyr::semi_join(predicted, truth, by = c("left_id", "right_id")))
  precision <- if (nrow(predicted)) tp / nrow(predicted) else 1
  recall <- if (nrow(truth)) tp / nrow(truth) else 1
  f1 <- if (precision + recall > 0) 2 * precision * recall / (precision + recall) else 0
  c(precision = precision, recall = recall, f1 = f1)
}
