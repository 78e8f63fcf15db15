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
#
# The exercises themselves (inputs, golden cases, wrong answers, hints) are declared once, in Python, in
# bootcamp/chapters/b3.py; this file asks Python for them when it is sourced. b3_hint("q1") shows the next hint,
# and export_chapter("B3") saves the session's results for a mentor, as the Python chapters do.

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

# --- the exercises: declared once, in Python (bootcamp/chapters/b3.py) ---------------------------------------------
#
# Every exercise of the course is declared in a Python chapter module, B3's R exercises too (as R source text), so
# that one place says what each check accepts and the cohort tools count them. We ask Python for them once, as JSON.

.bootcamp_root <- dirname(dirname(.bootcamp_r_dir))

.read_declarations <- function(chapter = "b3") {
  python <- Sys.getenv("BOOTCAMP_PYTHON", "python")
  old <- Sys.getenv(c("LD_LIBRARY_PATH", "PYTHONPATH"), unset = NA)
  on.exit(for (name in names(old)) {
    if (is.na(old[[name]])) Sys.unsetenv(name) else do.call(Sys.setenv, as.list(old[name]))
  }, add = TRUE)
  Sys.unsetenv("LD_LIBRARY_PATH")  # R's library path can make Python load another libpython
  Sys.setenv(PYTHONPATH = paste(c(.bootcamp_root, if (!is.na(old[["PYTHONPATH"]])) old[["PYTHONPATH"]]),
                                collapse = .Platform$path.sep))  # the course's own folder first
  json <- suppressWarnings(system2(python, c("-m", "bootcamp.r.exercises", chapter), stdout = TRUE, stderr = FALSE))
  if (!length(json) || !is.null(attr(json, "status"))) {
    stop("Could not read the exercises from Python (", python, " -m bootcamp.r.exercises ", chapter, "). ",
         "Run `python -m bootcamp doctor` in a terminal, or set BOOTCAMP_PYTHON to the Python that has the course.")
  }
  jsonlite::fromJSON(paste(json, collapse = "\n"), simplifyVector = FALSE)
}

.b3_declarations <- .read_declarations("b3")
.b3_fixtures <- new.env()
eval(parse(text = .b3_declarations$fixtures, encoding = "UTF-8"), envir = .b3_fixtures)
.r_value <- function(code) eval(parse(text = code, encoding = "UTF-8"), envir = new.env(parent = .b3_fixtures))

b3_exercises <- lapply(.b3_declarations$exercises, function(d) {
  list(title = d$title, name = d$name, cases = lapply(d$cases, .r_value), hints = unlist(d$hints),
       compare = d$compare, starter = d$starter,
       golden = lapply(d$golden, function(pair) list(args = .r_value(pair[[1]]), expected = .r_value(pair[[2]]))),
       wrong = unlist(d$wrong))
})

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

.reference_of <- function(exercise) get(exercise$name, envir = .bootcamp_solutions)

# Every test call as list(args, expected): the golden cases (expected written out by hand) first, then the cases,
# whose expected values come from the reference answer.
.worked_cases <- function(exercise) {
  reference <- .reference_of(exercise)
  c(lapply(exercise$golden, function(g) list(args = g$args, expected = g$expected)),
    lapply(exercise$cases, function(args) list(args = args, expected = do.call(reference, args))))
}

evaluate_answer <- function(label, answer) {
  exercise <- b3_exercises[[label]]
  if (is.null(exercise)) stop("There is no exercise called ", label, ".")
  if (is_stub(answer)) {
    return(.result("not attempted", "Write the function in the cell above, then run this check again."))
  }
  if (!is.function(answer)) {
    return(.result("incorrect", sprintf("Expected a function, got %s (%s).", class(answer)[1], show_value(answer, 80))))
  }
  if (identical(answer, .reference_of(exercise))) {
    return(.result("reference answer", paste(
      "This is the reference answer from bootcamp/r/solutions.R, so it is not counted as yours.",
      "When you want the practice, write your own version in the cell above and check it again.")))
  }
  compare <- .compare_for(exercise)
  hint <- sprintf("Hint: %s", exercise$hints[1])
  worked <- .worked_cases(exercise)
  for (case in worked) {
    args <- case$args
    expected <- case$expected
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
  .result("correct", sprintf("It passed all %d test cases.", length(worked)))
}

check_answer <- function(label, answer) {
  result <- tryCatch(evaluate_answer(label, answer),
                     error = function(e) .result("error", paste("Checking your answer stopped with:", conditionMessage(e))))
  exercise <- b3_exercises[[label]]
  title <- if (is.null(exercise)) label else exercise$title
  .record_progress(label, result$status)
  mark <- switch(result$status,
                 "correct" = "\u2705 Correct", "not attempted" = "\u23f3 Not attempted yet",
                 "incorrect" = "\u274c Not quite", "error" = "\U0001f4a5 Your answer raised an error",
                 "timeout" = "\u231b Too slow", "reference answer" = "\U0001f4d6 That is the course's answer")
  cat(sprintf("%s \u2014 %s.\n", mark, title))
  if (nzchar(result$message)) cat(result$message, "\n", sep = "")
  if (identical(result$status, "correct")) return(invisible(answer))
  if (is.null(exercise)) return(invisible(NULL))
  if (!identical(result$status, "reference answer")) {
    q <- sub(".*-", "", label)
    cat(sprintf("Carrying on with the reference answer so the rest of the chapter runs. Hints: b3_hint(\"%s\"); the answer: b3_solution(\"%s\")\n", q, q))
  }
  invisible(.reference_of(exercise))
}

check_b3 <- function(q, answer) check_answer(paste0("b3-", q), answer)

# --- hints and solutions ------------------------------------------------------------------------------------------

.hints_shown <- new.env()

# The next hint each time it is called (as q1.hint() does in Python); b3_hint("q1", 2) shows hint 2.
b3_hint <- function(q, n = NULL) {
  label <- paste0("b3-", q)
  hints <- b3_exercises[[label]]$hints
  if (!length(hints)) {
    cat("There is no hint for this one: try the solution.\n")
    return(invisible(NULL))
  }
  if (is.null(n)) {
    n <- min(get0(label, envir = .hints_shown, inherits = FALSE, ifnotfound = 0) + 1, length(hints))
    assign(label, n, envir = .hints_shown)
  }
  n <- max(1, min(n, length(hints)))
  more <- if (n < length(hints)) sprintf(" (more: b3_hint(\"%s\"))", q) else ""
  cat(sprintf("Hint %d of %d: %s%s\n", n, length(hints), hints[n], more))
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
  .record_progress(paste0("b3-", q), "solution viewed")
  source_text <- reference_source(exercise$name)
  if (isTRUE(getOption("jupyter.in_kernel")) && requireNamespace("IRdisplay", quietly = TRUE)) {
    IRdisplay::display_markdown(paste0("Reference answer, from `bootcamp/r/solutions.R`:\n\n```r\n", source_text, "\n```"))
  } else {
    cat(source_text, "\n", sep = "")
  }
  invisible(.reference_of(exercise))
}

# --- progress, exported for a mentor (the R side of bootcamp.progress) --------------------------------------------

.progress <- new.env()

.record_progress <- function(label, status) {
  entry <- get0(label, envir = .progress, inherits = FALSE,
                ifnotfound = list(attempts = 0L, status = NULL, solution_viewed = FALSE))
  if (identical(status, "solution viewed")) {
    entry$solution_viewed <- TRUE
  } else {
    entry$attempts <- entry$attempts + 1L
    if (!identical(entry$status, "correct")) entry$status <- status  # once right, stays right
  }
  assign(label, entry, envir = .progress)
}

# Save this session's results at the end of the chapter, for your mentor: the same file, in the same place, as
# bootcamp.progress.export_chapter() writes from Python (so the cohort report reads B3 like any other chapter).
export_chapter <- function(chapter = "B3", learner = NULL) {
  if (is.null(learner) || !nzchar(trimws(learner))) learner <- Sys.getenv("BOOTCAMP_LEARNER", "me")
  learner <- trimws(learner)
  if (!nzchar(learner)) learner <- "me"
  folder <- Sys.getenv("BOOTCAMP_PROGRESS_DIR", file.path(path.expand("~"), "bootcamp_progress"))
  dir.create(folder, recursive = TRUE, showWarnings = FALSE)
  safe <- gsub("[^A-Za-z0-9_-]+", "_", learner)
  if (!nzchar(safe)) safe <- "me"
  path <- file.path(folder, sprintf("%s_%s.json", safe, toupper(chapter)))
  labels <- sort(ls(.progress))
  results <- stats::setNames(lapply(labels, function(label) {
    entry <- get(label, envir = .progress)
    list(attempts = entry$attempts, status = if (is.null(entry$status)) NA else entry$status,
         solution_viewed = entry$solution_viewed)
  }), labels)
  payload <- list(learner = learner, exported = format(Sys.time(), "%Y-%m-%dT%H:%M:%S+00:00", tz = "UTC"),
                  results = if (length(results)) results else structure(list(), names = character(0)))
  writeLines(jsonlite::toJSON(payload, auto_unbox = TRUE, pretty = TRUE, null = "null", na = "null"), path)
  done <- sum(vapply(results, function(r) identical(r$status, "correct"), logical(1)))
  cat(sprintf("Saved %d exercise results (%d correct) for '%s' to %s\n", length(results), done, learner, path))
  invisible(path)
}

# --- checking the declarations themselves (tests/test_r_checks.py, via bootcamp.r.exercises) ----------------------

# The function that R source code defines under `name`, or NULL.
.answer_from_code <- function(code, name) {
  env <- new.env(parent = globalenv())
  eval(parse(text = code, encoding = "UTF-8"), envir = env)
  get0(name, envir = env, inherits = FALSE)
}

# Every way one exercise's declaration breaks the course's rules (an empty vector for a sound one).
declaration_problems <- function(label) {
  exercise <- b3_exercises[[label]]
  if (is.null(exercise)) return(paste("no exercise", label))
  problems <- character(0)
  reference <- .reference_of(exercise)
  learner_copy <- function(...) reference(...)
  r <- evaluate_answer(label, learner_copy)
  if (r$status != "correct") problems <- c(problems, paste("the reference answer is not accepted:", r$message))
  if (!length(exercise$golden)) problems <- c(problems, "no golden case with its expected value written out")
  compare <- .compare_for(exercise)
  for (g in exercise$golden) {
    got <- tryCatch(do.call(reference, g$args), error = function(e) e)
    problem <- if (inherits(got, "error")) conditionMessage(got) else compare(got, g$expected)
    if (!is.null(problem)) problems <- c(problems, sprintf("golden case %s: %s", .describe_input(g$args), problem))
  }
  stub <- tryCatch(.answer_from_code(exercise$starter, exercise$name), error = function(e) e)
  if (inherits(stub, "error") || is.null(stub)) {
    problems <- c(problems, "the starter does not define the function")
  } else if (evaluate_answer(label, stub)$status != "not attempted") {
    problems <- c(problems, "the starter is not reported as 'not attempted'")
  }
  if (!length(exercise$wrong)) problems <- c(problems, "no wrong answer declared")
  for (code in exercise$wrong) {
    first_line <- strsplit(code, "\n")[[1]][1]
    answer <- tryCatch(.answer_from_code(code, exercise$name), error = function(e) e)
    if (inherits(answer, "error") || is.null(answer)) {
      problems <- c(problems, sprintf("wrong answer '%s' does not define %s", first_line, exercise$name))
      next
    }
    verdict <- evaluate_answer(label, answer)
    if (verdict$status == "correct") {
      problems <- c(problems, sprintf("wrong answer accepted: %s", code))
    } else if (!nzchar(trimws(verdict$message))) {
      problems <- c(problems, sprintf("wrong answer '%s' rejected without saying why", first_line))
    } else {
      printed <- utils::capture.output(carried <- check_answer(label, answer))
      if (!identical(carried, reference) || !any(grepl("reference answer", printed))) {
        problems <- c(problems, sprintf("after wrong answer '%s', the check does not carry on with the reference",
                                        first_line))
      }
    }
  }
  if (evaluate_answer(label, reference)$status != "reference answer") {
    problems <- c(problems, "handing in the reference function itself is counted as the learner's answer")
  }
  if (evaluate_answer(label, function(...) stop("boom"))$status != "error") {
    problems <- c(problems, "an answer that stops with an error is not reported as an error")
  }
  problems
}
