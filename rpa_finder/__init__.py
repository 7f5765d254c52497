# SPDX-License-Identifier: AGPL-3.0-or-later
"""rpa_finder: find where software robots pay off, from case-management event logs.

The library does the work; ``rpa-finder`` (click) is a thin shell over it::

    >>> import rpa_finder
    >>> analysis = rpa_finder.analyze("sample_logs/ostolaskut.csv")   # doctest: +SKIP
    >>> analysis.candidates.head()                                    # doctest: +SKIP
    >>> analysis.write("results/ostolaskut")                          # doctest: +SKIP

Importing this package is cheap: the public names (:mod:`rpa_finder.api`) are imported on first
use, and pm4py only by :mod:`rpa_finder.pm4py_adapter`, when a model is discovered.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["analyze", "mine", "compare", "Analysis", "Mining", "Comparison", "AnalysisConfig", "load_config",
           "RpaFinderError", "__version__"]

#: Public name -> module that defines it, imported on first use so that ``import rpa_finder`` (and
#: ``rpa-finder --help``) stays cheap: no pandas, no pm4py until an analysis is asked for.
_LAZY = {
    "analyze": "api", "mine": "api", "compare": "api", "Analysis": "api", "Mining": "api",
    "Comparison": "comparison", "AnalysisConfig": "config", "load_config": "config", "RpaFinderError": "errors",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'rpa_finder' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
