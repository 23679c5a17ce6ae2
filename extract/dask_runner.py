"""Spread `wpx batch` over a Dask cluster: the same pure per-document function, remote workers.

    wpx batch corpus/ -o output/ --dask tcp://scheduler:8786

Workers receive the file's bytes and send back the serialised output, so they need `wpx`
installed but no shared filesystem; the local process still writes every file and the
manifest. Imported only on the `--dask` path: `dask[distributed]` is an optional extra.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from .tasks import Task, extract_bytes
from .reading import InputError

CONNECT_TIMEOUT = "10s"
# How long a plain TCP connection to the scheduler may take before the address is called
# unreachable: a typo'd host or a closed port fails in this time, not after Dask's retries.
PROBE_SECONDS = 3.0
DEFAULT_PORT = 8786


def _host_port(address: str) -> tuple[str, int]:
    """tcp://host:port, host:port or host -> (host, port); an InputError for anything else."""
    if "://" not in address:
        address = f"tcp://{address}"
    try:
        parts = urlsplit(address)
        port = parts.port or DEFAULT_PORT
    except ValueError:
        raise InputError(address, "not a Dask scheduler address (expected tcp://host:8786)") from None
    if parts.scheme not in ("tcp", "tls") or not parts.hostname or parts.path not in ("", "/"):
        raise InputError(address, "not a Dask scheduler address (expected tcp://host:8786)")
    return parts.hostname, port


def probe(address: str, seconds: float = PROBE_SECONDS) -> None:
    """Fail fast, naming the address, when nothing listens there."""
    host, port = _host_port(address)
    try:
        with socket.create_connection((host, port), timeout=seconds):
            pass
    except socket.gaierror as exc:
        raise InputError(address, f"cannot reach the Dask scheduler: unknown host {host} ({exc.strerror})") from None
    except (OSError, TimeoutError) as exc:
        reason = exc.strerror or "timed out"
        raise InputError(address, f"cannot connect to the Dask scheduler ({reason})") from None


class DaskRunner:
    """The submit/wait/close interface of the local pool, over `distributed.Client`.

    `timeout` bounds how long to wait for the scheduler to have a worker; `notice` is told
    (one line) when the batch is waiting for one."""

    def __init__(self, address: str, timeout: float = 60.0, notice: Callable[[str], None] | None = None) -> None:
        try:
            import distributed
        except ImportError:
            raise InputError("--dask", "needs the optional extra: pip install 'wpx[dask]'") from None
        self._distributed = distributed
        probe(address)
        try:
            self.client = distributed.Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise InputError(address, f"cannot connect to the Dask scheduler ({exc})") from None
        threads = sum(self.client.nthreads().values())
        if not threads:
            if notice:
                notice(f"batch: the Dask scheduler at {address} has no workers; waiting up to {timeout:g} s "
                       "for one (--timeout)")
            try:
                self.client.wait_for_workers(1, timeout=timeout)
            except (TimeoutError, OSError):
                self.client.close()
                raise InputError(address, f"no Dask worker joined the scheduler within {timeout:g} s") from None
            threads = sum(self.client.nthreads().values())
        self.width = max(1, threads) * 2
        self._submitted: set[Any] = set()  # not yet finished, for stop()

    def submit(self, task: Task) -> Any:
        # pure=False: two identical files are still two documents with their own entries.
        future = self.client.submit(extract_bytes, task, pure=False)
        self._submitted.add(future)
        return future

    def wait_first(self, pending: set[Any], timeout: float | None = None) -> tuple[set[Any], set[Any]]:
        try:
            with self.client.as_current():  # wait() looks for a current client; ours is not global
                done, not_done = self._distributed.wait(list(pending), timeout=timeout, return_when="FIRST_COMPLETED")
        except TimeoutError:  # nothing finished in `timeout`: the caller looks at its stop flag
            return set(), set(pending)
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
