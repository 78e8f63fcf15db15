"""Reference answers to every exercise of the course, one module per topic.

The four reference pipelines are importable from here, with these contracts; benchmarks and tests call them by name:

- ``standardise(source_name, raw)`` — any Thamesbury source to the standard person record (chapters B1, P5);
- ``match_key_cascade(left, right)`` — deterministic match-key cascade (chapter I2);
- ``link_people(left, right)`` — probabilistic person linkage (chapter I3);
- ``match_addresses(records, gazetteer)`` — free-text addresses to UPRNs (chapters B5, A1).
"""

_PIPELINES = {
    "standardise": "solutions.standard_record",
    "match_key_cascade": "solutions.deterministic",
    "link_people": "solutions.probabilistic",
    "match_addresses": "solutions.addresses",
}

__all__ = list(_PIPELINES)


def __getattr__(name):
    if name in _PIPELINES:
        import importlib

        return getattr(importlib.import_module(_PIPELINES[name]), name)
    raise AttributeError(f"module 'solutions' has no attribute {name!r}")
