"""Run a function in a forked child while this process goes on, and collect its result.

The checks use it to run the rules that read the terms only in a second
process while this one runs the structural rules on the hierarchy: on two
cores that takes about 20% off the rules at 10k terms and 40% at 100k. The
child shares the loaded glossary copy-on-write, so nothing is re-read or
sent to it; only its result comes back, pickled through a pipe.

Forking is only done where it is safe and cheap to get right: Linux, a
process running a single OS thread, and more than one usable CPU. Anywhere else, and
whenever the child fails for any reason (an exception, a crash, a result
that does not pickle), `Forked.result()` runs the function here instead, so
a failure surfaces exactly as it would without the child.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["Forked", "can_fork", "single_threaded"]

T = TypeVar("T")


def can_fork() -> bool:
    """Whether forking a worker here is safe and could help.

    >>> isinstance(can_fork(), bool)
    True
    """
    return sys.platform.startswith("linux") and single_threaded() and len(os.sched_getaffinity(0)) > 1


def single_threaded() -> bool:
    """Whether this process runs one thread, counting threads Python did not start.

    Forking a threaded process can deadlock the child on a lock another
    thread held (native libraries such as BLAS or Rust thread pools included).

    >>> import threading, time
    >>> sleeper = threading.Thread(target=time.sleep, args=(0.1,))
    >>> sleeper.start(); single_threaded()
    False
    >>> sleeper.join()
    """
    if threading.active_count() > 1:
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:  # no /proc: Python's own count is all there is
        return True


class Forked(Generic[T]):
    """`func()` started in a forked child; `result()` waits for it (or runs it here).

    Examples
    --------
    >>> job = Forked(lambda: sum(range(10)))
    >>> job.result()
    45
    """

    def __init__(self, func: Callable[[], T], enabled: bool = True) -> None:
        self.func = func
        self.pid: int | None = None
        self.fd: int | None = None
        if enabled and can_fork():
            self._start()

    def _start(self) -> None:
        read, write = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # pragma: no cover - the child's coverage is not collected
            os.close(read)
            self._child(write)
        os.close(write)
        self.pid, self.fd = pid, read

    def _child(self, write: int) -> None:  # pragma: no cover - runs in the child
        code = 1
        try:
            data = pickle.dumps(self.func(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(data)
            code = 0
        finally:  # never return into the parent's code, whatever happened
            os._exit(code)

    def result(self) -> T:
        """The function's value, from the child when it succeeded, else computed here."""
        if self.pid is None or self.fd is None:
            return self.func()
        with os.fdopen(self.fd, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = self.fd = None
        if os.waitstatus_to_exitcode(status) == 0:
            try:
                return pickle.loads(data)
            except Exception:  # noqa: BLE001 - a damaged result: compute it here
                pass
        return self.func()

    def __del__(self) -> None:  # a result never asked for: do not leave a zombie behind
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            if self.fd is not None:
                os.close(self.fd)

