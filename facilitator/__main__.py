"""``python -m facilitator``: the same as the ``facilitator`` command."""

from __future__ import annotations

import sys

from facilitator.cli import main

sys.exit(main())
