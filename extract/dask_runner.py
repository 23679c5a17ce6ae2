"""Spread `wpx batch` over a Dask cluster: the same pure per-document function, remote workers.

    wpx batch corpus/ -o output/ --dask tcp://scheduler:8786

Workers receive the file's bytes and send back the serialised output, so they need `wpx`
installed but no shared filesystem; the local process still writes every file and the
manifest. Imported only on the `--dask` path: `dask[distributed]` is an optional extra.
"""

from __future__ import annotations

from typing import Any

from .batch import Task, extract_bytes
from .reading import InputError

CONNECT_TIMEOUT = "10s"


class DaskRunner:
    """The submit/wait/close interface of the local pool, over `distributed.Client`."""

    def __init__(self, address: str) -> None:
        try:
            import distributed
        except ImportError:
            raise InputError("--dask", "needs the optional extra: pip install 'wpx[dask]'") from None
        self._distributed = distributed
        try:
            self.client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise InputError(address, f"cannot connect to the Dask scheduler ({exc})") from None
        threads = sum(self.client.nthreads().values()) or 1
        self.width = threads * 2
        self._submitted: set[Any] = set()  # not yet finished, for stop()

    def submit(self, task: Task) -> Any:
        # pure=False: two identical files are still two documents with their own entries.
        future = self.client.submit(extract_bytes, task, pure=False)
        self._submitted.add(future)
        return future

    def wait_first(self, pending: set[Any]) -> tuple[set[Any], set[Any]]:
        with self.client.as_current():  # wait() looks for a current client; ours is not global
            done, not_done = self._distributed.wait(list(pending), return_when="FIRST_COMPLETED")
        self._submitted.difference_update(done)
        return set(done), set(not_done)

    def stop(self) -> None:
        """Cancel what has not finished; a task already running on a worker cannot be
        recalled, and its result is simply not collected (the manifest keeps the old entry)."""
        waiting = [f for f in self._submitted if not f.done()]
        if waiting:
            self.client.cancel(waiting)

    def close(self) -> None:
        self.client.close()
