# Checked exercises for the R chapter (B3): the R counterpart of bootcamp/exercises.py.
#
# In a notebook:
#     source(file.path(root, "bootcamp/r/checks.R"))
#     clean_name <- b3_solution("q1")             # shows the reference answer (from solutions.R) and returns it
#     clean_name <- check_b3("q1", clean_name)    # feedback, and the function to carry on with
#
# check_answer() never stops the notebook: an unfinished stub is "not attempted"; a wrong answer is told the failing
# input, what was expected, what came back and a hint; an error or a function that runs too long is reported. It
# returns the learner's answer when it is right and the reference answer otherwise, so nobody is ever stuck.
# evaluate_answer() does the same work silently and returns list(status, message): the tests use it.

# --- where this file is, and the reference answers ----------------------------------------------------------------

.bootcamp_r_dir <- local({
  here <- NULL
  for (i in rev(seq_len(sys.nframe()))) {          # source() keeps the file it reads in a variable called ofile
    file <- sys.frame(i)$ofile
    if (!is.null(file)) {
      here <- dirname(normalizePath(file))
      break
    }
  }
  if (is.null(here)) here <- file.path(Sys.getenv("BOOTCAMP_ROOT", "."), "bootcamp", "r")
  here
})

.bootcamp_solutions <- new.env()
sys.source(file.path(.bootcamp_r_dir, "solutions.R"), envir = .bootcamp_solutions, keep.source = TRUE)

# --- the exercises, as data ---------------------------------------------------------------------------------------

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

b3_exercises <- list(
  "b3-q1" = list(
    title = "Tidy a name", name = "clean_name",
    cases = list(
      list(c("  o'Brien ", "Mary-Jane  SMITH", "NGUYEN")),
      list(c("Zoë", "Smith.", "d\u2019Souza")),
      list(c(NA, "", "  ", "J. R. R.")),
      list(character(0))
    ),
    hints = c(
      "stringr has a verb for each step: str_to_upper(), str_replace_all(), str_remove_all(), str_squish().",
      "Keep letters from every alphabet with the regex class \\p{L} (not just A-Z), and turn \"\" into NA with dplyr::na_if()."
    )
  ),
  "b3-q2" = list(
    title = "Standardise a postcode", name = "clean_postcode",
    cases = list(
      list(c("tb4 7qx", "TB47QX", " TB4  7QX ")),
      list(c("SW1A1AA", "ec1a 1bb", "M1 1AE", "B33 8TH")),
      list(c("TB4", "NOT KNOWN", NA, "", "TB4 7QX X")),
      list(character(0))
    ),
    hints = c(
      "Remove everything that is not a letter or a digit first, then put the space before the LAST three characters: str_sub(x, -3).",
      "Test the squashed code against a UK pattern with str_detect(): ^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$, and set the rest to NA."
    ),
    compare = NULL
  ),
  "b3-q3" = list(
    title = "Block by joining on postcode", name = "candidate_pairs",
    cases = list(
      list(.b3_left, .b3_right),
      list(.b3_left[3, ], .b3_right[3, ]),
      list(.b3_left[1, ], .b3_right[4, ])
    ),
    hints = c(
      "Rename record_id to left_id and right_id with select(), then inner_join() on postcode and keep the two ID columns.",
      "dplyr joins treat NA as equal to NA by default: add na_matches = \"never\" so records without a postcode pair with nobody."
    ),
    compare = "pairs"
  ),
  "b3-q4" = list(
    title = "Jaro-Winkler similarity", name = "jw_similarity",
    cases = list(
      list(c("MARTHA", "DWAYNE", "DIXON"), c("MARHTA", "DUANE", "DICKSONX")),
      list(c("SMITH", "OKAFOR"), c("SMITH", "OKAFOR")),
      list(c("JONES", NA, "ALI"), c(NA, "PATEL", "ALY")),
      list(c("MOHAMMED", "JOHN"), c("MUHAMMAD", "JON"))
    ),
    hints = c(
      "stringdist::stringsim() gives a similarity (1 - distance); stringdist() gives a distance.",
      "method = \"jw\" is plain Jaro unless you also pass p = 0.1; then replace NA with 0."
    )
  ),
  "b3-q5" = list(
    title = "A simple weighted score", name = "score_pairs",
    cases = list(
      list(.b3_comparisons, c(surname = 3, forename = 2, address = 1)),
      list(.b3_comparisons_reordered, c(surname = 3, forename = 2, address = 1)),
      list(.b3_comparisons, c(address = 1, surname = 1))
    ),
    hints = c(
      "Multiply each column by its weight, add them up and divide by sum(weights): a weighted mean between 0 and 1.",
      "Pick the columns by name, comparisons[, names(weights)], so the column order of the data does not matter."
    )
  ),
  "b3-q6" = list(
    title = "Precision, recall and F1", name = "link_metrics",
    cases = list(
      list(.pairs_frame(c("CT1", "CT2", "CT3"), c("ER1", "ER3", "ER3")), .b3_truth),
      list(.pairs_frame(c("CT1", "CT1", "CT4", "CT7"), c("ER1", "ER1", "ER5", "ER9")), .b3_truth),
      list(.pairs_frame(character(0), character(0)), .b3_truth),
      list(.pairs_frame(c("CT1", "CT2"), c("ER2", "ER1")), .b3_truth)
    ),
    hints = c(
      "Precision = true links found / links predicted; recall = true links found / true links. A semi_join() finds the true ones.",
      "Count each pair once (distinct()), and when nothing is predicted, precision is 1 by convention."
    ),
    compare = "named"
  )
)

# --- telling a stub from an attempt -------------------------------------------------------------------------------

is_stub <- function(answer) {
  if (is.null(answer)) return(TRUE)
  if (!is.function(answer)) return(FALSE)
  body <- body(answer)
  if (is.null(body)) return(TRUE)
  if (is.call(body) && identical(body[[1]], as.name("{"))) {
    statements <- as.list(body)[-1]
    return(all(vapply(statements, is.null, logical(1))))
  }
  FALSE
}

# --- showing and comparing values ---------------------------------------------------------------------------------

show_value <- function(x, width = 300) {
  if (is.data.frame(x)) {
    text <- sprintf("a data frame with %d rows and columns %s", nrow(x), paste(names(x), collapse = ", "))
    if (nrow(x)) {
      shown <- as.data.frame(utils::head(x, 6))
      rownames(shown) <- NULL
      text <- paste0(text, ":\n", paste(utils::capture.output(print(shown)), collapse = "\n"))
    }
    return(text)
  }
  if (is.function(x)) return("a function")
  if (is.numeric(x)) x <- signif(x, 6)
  text <- paste(deparse(x, width.cutoff = 500L), collapse = " ")
  if (nchar(text) > width) text <- paste0(substr(text, 1, width - 3), "...")
  text
}

compare_vectors <- function(got, expected, tolerance = 1e-6) {
  if (is.null(got)) return("got NULL")
  if (is.data.frame(got) || is.list(got)) return(sprintf("expected a %s vector, got a %s", class(expected)[1], class(got)[1]))
  if (is.character(expected) && !is.character(got)) return(sprintf("expected a character vector, got %s", class(got)[1]))
  if (is.numeric(expected) && !is.numeric(got)) return(sprintf("expected a numeric vector, got %s", class(got)[1]))
  if (length(got) != length(expected)) {
    return(sprintf("expected %d values (one per input), got %d", length(expected), length(got)))
  }
  if (!is.null(names(expected)) && !identical(names(got), names(expected))) {
    return(sprintf("expected the names %s, got %s", show_value(names(expected)), show_value(names(got))))
  }
  for (i in seq_along(expected)) {
    e <- expected[[i]]
    g <- got[[i]]
    where <- if (!is.null(names(expected))) sprintf("%s", names(expected)[i]) else sprintf("value %d", i)
    if (is.na(e) && !is.na(g)) return(sprintf("%s should be NA (missing), got %s", where, show_value(g)))
    if (!is.na(e) && is.na(g)) return(sprintf("%s should be %s, got NA", where, show_value(e)))
    if (is.na(e)) next
    same <- if (is.numeric(e)) isTRUE(abs(g - e) <= tolerance * max(1, abs(e))) else identical(g, e)
    if (!same) return(sprintf("%s should be %s, got %s", where, show_value(e), show_value(g)))
  }
  NULL
}

compare_pairs <- function(got, expected) {
  if (!is.data.frame(got)) return(sprintf("expected a data frame, got %s", class(got)[1]))
  if (!identical(names(got), c("left_id", "right_id"))) {
    return(sprintf("expected exactly the columns left_id, right_id (in that order), got %s",
                   paste(names(got), collapse = ", ")))
  }
  key <- function(frame) paste(frame$left_id, frame$right_id, sep = " + ")
  if (anyDuplicated(key(got))) return(sprintf("the pair %s appears more than once", key(got)[anyDuplicated(key(got))]))
  missing <- setdiff(key(expected), key(got))
  extra <- setdiff(key(got), key(expected))
  problems <- c(
    if (length(missing)) paste("missing the pair(s)", paste(missing, collapse = "; ")),
    if (length(extra)) paste("should not include the pair(s)", paste(extra, collapse = "; "))
  )
  if (length(problems)) paste(problems, collapse = "; ") else NULL
}

.compare_for <- function(exercise) {
  switch(if (is.null(exercise$compare)) "vector" else exercise$compare,
         pairs = compare_pairs,
         compare_vectors)
}

# --- checking -----------------------------------------------------------------------------------------------------

TIME_LIMIT_SECONDS <- 5

.result <- function(status, message) list(status = status, message = message)

.call_with_limit <- function(f, args) {
  setTimeLimit(elapsed = TIME_LIMIT_SECONDS, transient = TRUE)
  on.exit(setTimeLimit(elapsed = Inf), add = TRUE)
  suppressWarnings(suppressMessages(do.call(f, args)))
}

.describe_input <- function(args) paste(vapply(args, show_value, character(1), width = 400), collapse = "\n           ")

evaluate_answer <- function(label, answer) {
  exercise <- b3_exercises[[label]]
  if (is.null(exercise)) stop("There is no exercise called ", label, ".")
  if (is_stub(answer)) {
    return(.result("not attempted", "Write the function in the cell above, then run this check again."))
  }
  if (!is.function(answer)) {
    return(.result("incorrect", sprintf("Expected a function, got %s (%s).", class(answer)[1], show_value(answer, 80))))
  }
  reference <- get(exercise$name, envir = .bootcamp_solutions)
  compare <- .compare_for(exercise)
  hint <- sprintf("Hint: %s", exercise$hints[1])
  for (args in exercise$cases) {
    expected <- do.call(reference, args)
    shown <- .describe_input(args)
    outcome <- tryCatch(
      list(ok = TRUE, value = .call_with_limit(answer, args)),
      error = function(e) list(ok = FALSE, error = conditionMessage(e))
    )
    if (!outcome$ok) {
      if (grepl("time limit", outcome$error)) {
        return(.result("timeout", sprintf("Your function ran for more than %d s on input %s", TIME_LIMIT_SECONDS, shown)))
      }
      return(.result("error", sprintf("On input:  %s\nit stopped with the error: %s\n%s", shown, outcome$error, hint)))
    }
    got <- outcome$value
    problem <- compare(got, expected)
    if (!is.null(problem)) {
      if (is.null(got)) problem <- paste0(problem, "; did your function end with the value it should return?")
      return(.result("incorrect", sprintf("On input:  %s\nexpected:  %s\ngot:       %s\n(%s)\n%s",
                                          shown, show_value(expected), show_value(got), problem, hint)))
    }
  }
  .result("correct", sprintf("It passed all %d test cases.", length(exercise$cases)))
}

check_answer <- function(label, answer) {
  result <- tryCatch(evaluate_answer(label, answer),
                     error = function(e) .result("error", paste("Checking your answer stopped with:", conditionMessage(e))))
  exercise <- b3_exercises[[label]]
  title <- if (is.null(exercise)) label else exercise$title
  mark <- switch(result$status,
                 "correct" = "\u2705 Correct", "not attempted" = "\u23f3 Not attempted yet",
                 "incorrect" = "\u274c Not quite", "error" = "\U0001f4a5 Your answer raised an error",
                 "timeout" = "\u231b Too slow")
  cat(sprintf("%s \u2014 %s.\n", mark, title))
  if (nzchar(result$message)) cat(result$message, "\n", sep = "")
  if (identical(result$status, "correct")) return(invisible(answer))
  q <- sub(".*-", "", label)
  cat(sprintf("Carrying on with the reference answer so the rest of the chapter runs. Hints: b3_hint(\"%s\"); the answer: b3_solution(\"%s\")\n", q, q))
  if (is.null(exercise)) return(invisible(NULL))
  invisible(get(exercise$name, envir = .bootcamp_solutions))
}

check_b3 <- function(q, answer) check_answer(paste0("b3-", q), answer)

# --- hints and solutions ------------------------------------------------------------------------------------------

b3_hint <- function(q, n = NULL) {
  hints <- b3_exercises[[paste0("b3-", q)]]$hints
  if (is.null(n)) n <- seq_along(hints)
  for (i in n) cat(sprintf("Hint %d of %d: %s\n", i, length(hints), hints[i]))
  invisible(NULL)
}

# The reference's source: the comment block right above it in solutions.R, and the function itself.
reference_source <- function(name) {
  f <- get(name, envir = .bootcamp_solutions)
  ref <- attr(f, "srcref")
  lines <- readLines(file.path(.bootcamp_r_dir, "solutions.R"), warn = FALSE)
  first <- ref[1]
  last <- ref[3]
  start <- first
  while (start > 1 && grepl("^#", lines[start - 1])) start <- start - 1
  paste(lines[start:last], collapse = "\n")
}

b3_solution <- function(q) {
  exercise <- b3_exercises[[paste0("b3-", q)]]
  source_text <- reference_source(exercise$name)
  if (isTRUE(getOption("jupyter.in_kernel")) && requireNamespace("IRdisplay", quietly = TRUE)) {
    IRdisplay::display_markdown(paste0("Reference answer, from `bootcamp/r/solutions.R`:\n\n```r\n", source_text, "\n```"))
  } else {
    cat(source_text, "\n", sep = "")
  }
  invisible(get(exercise$name, envir = .bootcamp_solutions))
}
