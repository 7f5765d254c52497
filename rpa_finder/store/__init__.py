# SPDX-License-Identifier: AGPL-3.0-or-later
"""The run store: one DuckDB file holding deduplicated events and every scheduled run's results.

Why DuckDB (with the measurements) is in :mod:`.database`; the event key in :mod:`.events`; the lock
that keeps two runs apart in :mod:`.lock`; runs and the history across them in :mod:`.runs`; decisions on candidates in
:mod:`.decisions`.
"""
from .database import SCHEMA_VERSION, connect_store, in_transaction, open_store
from .decisions import (DECISION_STATES, Decision, DecisionChanges, DecisionContext, decision_context,
                        decision_estimates, decision_history, import_decisions, load_decisions, read_decision_context,
                        read_decisions, read_store_id, recorded_deployments, set_decision, set_decisions)
from .events import ImportCounts, count_events, import_events, list_processes, load_log
from .lock import lock_path, lock_store
from .runs import (ORGANISATION, PendingRun, finish_run, history_chart, history_document, load_history, load_runs,
                   new_run_id, start_run)

__all__ = [
    "SCHEMA_VERSION", "connect_store", "open_store", "in_transaction",
    "ImportCounts", "import_events", "load_log", "count_events", "list_processes",
    "lock_store", "lock_path",
    "new_run_id", "start_run", "finish_run", "load_runs", "load_history", "history_document", "history_chart",
    "PendingRun", "ORGANISATION",
    "DECISION_STATES", "Decision", "DecisionChanges", "DecisionContext", "set_decision", "set_decisions",
    "load_decisions", "read_decisions", "decision_history", "decision_context", "read_decision_context", "read_store_id",
    "recorded_deployments", "decision_estimates", "import_decisions",
]
