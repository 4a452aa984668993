"""The `briefgen` command's first lines: Ctrl-C or SIGTERM ends it quietly even while it is still loading.

Importing the command line and its libraries takes a few hundred
milliseconds; a signal in that time would otherwise print Python's own
traceback. Nothing can have been published before `cli.entry` runs, and it
installs the handlers that know what a build has published.
"""

import os
import signal


def _while_loading(number: int, frame) -> None:
    os.write(2, b"interrupted: nothing was published\n")
    os._exit(128 + number)


def run() -> None:
    """Install the loading-time handlers, then run the command."""
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, _while_loading)
    from briefgen.cli import entry

    entry()
