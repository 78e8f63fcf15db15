"""The helper process that runs a learner's answer under a time limit where SIGALRM does not exist (Windows).

``bootcamp.exercises.call_with_time_limit`` starts it with ``python -m bootcamp.timed_worker`` and sends it, through
its standard input, ``(function, args)`` pickled with cloudpickle; it answers on its standard output with
``("value", result)`` or ``("error", exception)``. Whatever the answer prints goes to standard error, so that it
cannot garble the replies. Each message is an 8-byte length followed by the pickled bytes.
"""

from __future__ import annotations

import os
import pickle
import struct
import sys


def read_message(stream):
    header = stream.read(8)
    if len(header) < 8:
        return None
    (size,) = struct.unpack("<Q", header)
    return stream.read(size)


def write_message(stream, data: bytes) -> None:
    stream.write(struct.pack("<Q", len(data)) + data)
    stream.flush()


def main() -> None:
    import cloudpickle
    import numpy  # noqa: F401 - imported before "ready", so that unpickling an answer's data is quick
    import pandas  # noqa: F401

    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # the answer's prints go to stderr, not into the replies
    requests = sys.stdin.buffer
    write_message(replies, b"ready")
    while (message := read_message(requests)) is not None:
        try:
            function, args = cloudpickle.loads(message)
            reply = ("value", function(*args))
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the learner's kernel
            reply = ("error", exc)
        try:
            data = cloudpickle.dumps(reply)
        except Exception as exc:  # noqa: BLE001 - a result or exception that cannot be pickled
            data = pickle.dumps(("error", RuntimeError(f"the answer's result could not be sent back: {exc}")))
        write_message(replies, data)


if __name__ == "__main__":
    main()
