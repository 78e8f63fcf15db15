"""The course's command line: `python -m bootcamp COMMAND`.

    build [--edition learner|trainer] [--out DIR]   build the web book (warnings are errors)
    student-notebooks OUT [--force]                  write the student notebooks (solutions removed)
    data generate [--seed S] [--people N] [--out DIR] [--difficulty standard|hard]
    data properties [--data DIR] [--update-readme]   how Thamesbury compares with real boroughs (data/README.md)
    refresh NOTEBOOK...                              re-run notebooks in place to refresh stored outputs
    slides OUT [NOTEBOOK...] [--edition learner|trainer] [--force]   reveal.js decks that work offline (no solutions)
    cohort FOLDER [--csv FILE]                       summarise a cohort's exported progress files
    doctor [--r]                                     check this computer is ready for the course
    match-addresses --records R --gazetteer G --out DIR [--map MAP.json]   your own addresses to UPRNs
    link --left L --right R --out DIR [--left-map M] [--right-map M] [--threshold P]   your own people linked
"""

from __future__ import annotations

import argparse
import sys

from bootcamp.paths import DATA


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {value}")
    return value


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m bootcamp", description="The Data Matching Bootcamp's tools.")
    commands = top.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the web book into _build/html (or the trainer edition)")
    build.add_argument("--edition", choices=["learner", "trainer"], default="learner")
    build.add_argument("--out", help="output folder (default _build/html, or _build/trainer)")

    student = commands.add_parser("student-notebooks", help="write the student notebooks, solutions removed")
    student.add_argument("out", help="folder to write into (must be empty unless --force)")
    student.add_argument("--force", action="store_true", help="replace the folder's contents")

    data = commands.add_parser("data", help="the Thamesbury data")
    data_commands = data.add_subparsers(dest="data_command", required=True)
    generate = data_commands.add_parser("generate", help="generate Thamesbury from a seed, at any size")
    generate.add_argument("--seed", type=_int, default=None, help="random seed (default: the committed data's)")
    generate.add_argument("--people", type=_positive_int, default=None, help="residents (default: the committed size)")
    generate.add_argument("--out", default=None, help="folder to write (default: data/thamesbury)")
    generate.add_argument("--difficulty", choices=["standard", "hard"], default="standard")
    properties = data_commands.add_parser("properties", help="measure Thamesbury's structure beside public figures")
    properties.add_argument("--data", default=None, help="data folder (default: the committed data/thamesbury)")
    properties.add_argument("--update-readme", action="store_true", help="rewrite the table in data/README.md")

    slides = commands.add_parser("slides", help="write one reveal.js deck per chapter notebook (no solutions)")
    slides.add_argument("out", help="folder to write the decks into")
    slides.add_argument("notebooks", nargs="*", help="notebooks to convert (default: every chapter notebook)")
    slides.add_argument("--edition", choices=["learner", "trainer"], default="learner",
                        help="trainer: the instructor notes as speaker notes (press S in a deck)")
    slides.add_argument("--reveal-prefix", default=None,
                        help="another copy of reveal.js 4 to load (default: the copy written into OUT/vendor)")
    slides.add_argument("--force", action="store_true", help="replace decks already in the folder")

    cohort = commands.add_parser("cohort", help="summarise a cohort's exported progress files")
    cohort.add_argument("folder", help="folder holding the learners' *.json progress files")
    cohort.add_argument("--csv", default=None, help="also write the summary table to this CSV file")

    doctor = commands.add_parser("doctor", help="check this computer is ready for the course, and say what to do")
    doctor.add_argument("--r", action="store_true", help="also require the R kernel (chapter B3)")

    match = commands.add_parser("match-addresses", help="match your own records' addresses to a gazetteer's UPRNs")
    match.add_argument("--records", required=True, help="CSV or Excel file with record_id and address (or use --map)")
    match.add_argument("--gazetteer", required=True, help="CSV or Excel: the course's columns, AddressBase Plus, "
                                                          "an LLPG (BS7666) or PAF")
    match.add_argument("--map", default=None, help="JSON column map for the records: {\"their column\": \"record_id\", ...}")
    match.add_argument("--out", required=True, help="folder for matches, review sheet and report")

    link = commands.add_parser("link", help="link two files of people with link_people")
    link.add_argument("--left", required=True, help="CSV or Excel file of people")
    link.add_argument("--right", required=True, help="CSV or Excel file of people")
    link.add_argument("--left-map", default=None, help="JSON column map for --left (to the standard person record)")
    link.add_argument("--right-map", default=None, help="JSON column map for --right")
    link.add_argument("--threshold", type=float, default=0.5, help="match probability for a link (default 0.5)")
    link.add_argument("--out", required=True, help="folder for links, review pairs, statuses and report")

    refresh = commands.add_parser("refresh", help="execute notebooks in place to refresh their stored outputs")
    refresh.add_argument("notebooks", nargs="+")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "doctor":
            from bootcamp.doctor import main as doctor

            return doctor(want_r=args.r)
        if args.command == "match-addresses":
            from bootcamp.own_data import match_addresses_command

            match_addresses_command(args.records, args.gazetteer, args.out, args.map)
            return 0
        if args.command == "link":
            from bootcamp.own_data import link_command

            link_command(args.left, args.right, args.out, args.left_map, args.right_map, args.threshold)
            return 0
        if args.command == "build":
            from bootcamp.editions import build

            out = build(args.edition, args.out)
            print(f"The {args.edition} edition is ready: open {out / 'index.html'}")
        elif args.command == "student-notebooks":
            from bootcamp.editions import write_student_notebooks

            written = write_student_notebooks(args.out, force=args.force)
            print(f"wrote {len(written)} student notebooks to {args.out}")
        elif args.command == "data" and args.data_command == "properties":
            from bootcamp.thamesbury.properties import run as properties

            properties(args.data, update=args.update_readme)
        elif args.command == "data":
            from bootcamp.thamesbury import generate as gen

            summary = gen.generate(
                args.out or DATA,
                seed=gen.DEFAULT_SEED if args.seed is None else args.seed,
                people=args.people or gen.DEFAULT_PEOPLE,
                difficulty=args.difficulty,
            )
            print(summary)
        elif args.command == "slides":
            from bootcamp.slides import write_slides

            decks = write_slides(args.out, args.notebooks or None, reveal_url_prefix=args.reveal_prefix,
                                 force=args.force, edition=args.edition)
            print(f"wrote {len(decks)} slide decks to {args.out}")
        elif args.command == "cohort":
            from bootcamp.cohort import report

            print(report(args.folder, csv=args.csv))
        elif args.command == "refresh":
            from bootcamp.editions import refresh as run

            run(args.notebooks)
    except ValueError as exc:  # our input errors (BootcampInputError, EditionError) are ValueErrors
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
