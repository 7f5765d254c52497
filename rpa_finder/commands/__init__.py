# SPDX-License-Identifier: AGPL-3.0-or-later
"""One module per CLI command; each imports the library only inside its function, so --help stays fast."""
