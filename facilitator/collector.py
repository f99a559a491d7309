"""Python's cycle collector held off for one burst of work that makes many objects and no garbage cycles.

Reading every record of a file (``storage.record_check``) and making one document from the command line
(``facilitator.cli``) each make tens of thousands of new objects (rows, records, a document's parts) that
reference counting frees as it goes; the collector would only walk them, and the modules just imported, again
and again (a tenth of a check's time on a ten-year file, a twelfth of a minutes PDF's). It lives in the core's
package only so that storage and the command line can share it; the rules never use it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cycle collector off for the block, and on again when it ends, however it ends, if it was on before
    (a caller that had switched it off finds it off still)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
