"""The Data Matching Bootcamp's toolkit: Thamesbury data, checked exercises, evaluation, plots and editions."""

__all__ = ["load", "load_truth", "SOURCES"]
__version__ = "0.1.0"


def __getattr__(name):
    # Loading pulls in pandas; importing it lazily keeps `python -m bootcamp --help` and the Sphinx extension light.
    if name in __all__:
        from bootcamp import loading

        return getattr(loading, name)
    raise AttributeError(f"module 'bootcamp' has no attribute {name!r}")
