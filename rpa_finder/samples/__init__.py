# SPDX-License-Identifier: AGPL-3.0-or-later
"""Synthetic Finnish municipal event logs with ground-truth labels, to measure automation rankings.

``generate_log`` simulates a process from :mod:`.processes`, changed by a :class:`Variant` (people one
at a time or several at once, status events, missing resources...) so that measurements generalise;
``write_finnish_csv`` and ``write_xes`` write it the way municipal systems export; ``scale_log`` grows
it for benchmarks; :mod:`.variety` adds side steps and attributes like a real export and draws
benchmark logs as new cases (``generate_cases``).
"""
from .processes import PROCESSES, SYSTEM_USERS, make_identity_codes
from .simulate import LIFECYCLE_STYLES, generate_log, scale_log
from .variants import DEPLOYMENT_COLUMNS, RobotDeployment, Variant
from .variety import HIGH_VARIETY, Variety, add_variety, generate_cases, measure_variety
from .writers import XES_ROLES, to_event_log, write_finnish_csv, write_truth, write_xes

__all__ = [
    "PROCESSES",
    "SYSTEM_USERS",
    "LIFECYCLE_STYLES",
    "XES_ROLES",
    "generate_log",
    "Variant",
    "RobotDeployment",
    "DEPLOYMENT_COLUMNS",
    "scale_log",
    "Variety",
    "HIGH_VARIETY",
    "add_variety",
    "generate_cases",
    "measure_variety",
    "to_event_log",
    "make_identity_codes",
    "write_finnish_csv",
    "write_truth",
    "write_xes",
]
