"""The R chapter's exercise checker: ``checks.R`` (the checker), ``solutions.R`` (the reference answers) and
:mod:`bootcamp.r.exercises` (the exercise kind that B3's declarations in ``bootcamp/chapters/b3.py`` use)."""
