"""What `mkdocs serve` does differently from a build: an editor who saves a page sees it again within seconds.

``started`` notes, once per process, that `mkdocs serve` runs it; the steps that keep work between
builds ask :func:`active` (the PDF editions are printed after the build, unchanged pages are neither
rendered nor indexed for search again), so one flag says it for all of them. A build for publishing
keeps nothing. ``server`` remakes MkDocs' development server so that it looks for saved
files every ``POLLING`` seconds instead of MkDocs' 0.5: on average a save waited a quarter of a second
to be noticed, an eighth of the two seconds an editor should wait at most. One look lists
the watched folders (docs/ and mkdocs.yml, well under a millisecond of CPU for this site).
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from mkdocs.livereload import LiveReloadServer

POLLING = 0.2  # seconds between two looks at the watched files (MkDocs: 0.5)

# Whether `mkdocs serve` runs this process: what the process is, not what a build knows, so it is
# not reset between builds (MkDocs' on_startup says it once, before the first).
_serving = threading.Event()


def started(command: str) -> None:
    """MkDocs' on_startup: under `mkdocs serve`, print editions after the build and reuse unchanged pages."""
    if command == "serve":
        _serving.set()
    else:
        _serving.clear()


def active() -> bool:
    """Whether `mkdocs serve` runs this process."""
    return _serving.is_set()


def server(made: LiveReloadServer, builder: Callable[..., None]) -> LiveReloadServer:
    """``made`` (MkDocs' server, not yet listening) as a server that looks for saved files every ``POLLING``
    seconds; it watches what ``made`` watched and answers a missing page with the same error page."""
    host, port = made.server_address[:2]
    faster = LiveReloadServer(builder=builder, host=str(host), port=int(port), root=made.root,
                              mount_path=made.mount_path, polling_interval=POLLING)
    faster.error_handler = made.error_handler
    for emitter in made.observer.emitters:  # raw_path: the file itself when a file is watched (mkdocs.yml), not its folder
        faster.watch(emitter.watch.raw_path, recursive=emitter.watch.is_recursive)
    made.server_close()  # its socket was made, never bound
    return faster
