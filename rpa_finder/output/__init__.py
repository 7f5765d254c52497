# SPDX-License-Identifier: AGPL-3.0-or-later
"""Writing results: the only package, with ingest, that touches the disk."""
