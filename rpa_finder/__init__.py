# SPDX-License-Identifier: AGPL-3.0-or-later
"""rpa_finder: find where software robots pay off, from case-management event logs.

The library does the work; ``rpa-finder`` (click) is a thin shell over it.  Importing this package is
cheap: pm4py is imported only by :mod:`rpa_finder.pm4py_adapter`, when a model is discovered.
"""
__version__ = "0.1.0"
