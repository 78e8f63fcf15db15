"""A small Sphinx extension: the trainer edition.

Instructor notes sit in the chapters inside ``{only} trainer`` blocks. Sphinx drops them from the learner build; the
trainer build (``python -m bootcamp build --edition trainer``) sets BOOTCAMP_EDITION=trainer, and this extension adds
the ``trainer`` tag so that Sphinx keeps them.
"""

import os

EDITIONS = ("learner", "trainer")


def setup(app):
    edition = os.environ.get("BOOTCAMP_EDITION", "learner")
    if edition not in EDITIONS:
        raise ValueError(f"BOOTCAMP_EDITION must be one of {EDITIONS}, not {edition!r}.")
    if edition == "trainer":
        app.tags.add("trainer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
