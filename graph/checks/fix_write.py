"""Write a fix plan into the user's files without losing anything they hold.

- **One writer per glossary.** `fix_lock` takes an exclusive lock (`flock`) on
  ``.glossgraph-fix.lock`` in the data folder (beside a one-file glossary);
  a second `fix --write` fails at once with `FixLockedError` and writes
  nothing. The kernel drops the lock when its process dies, even by SIGKILL.
- **Compared just before replacing.** Each file's size, mtime_ns and SHA-256
  are compared with what the plan was made from immediately before that file
  is replaced; a file edited meanwhile is left as it is and reported.
- **Atomic, keeping what the file is.** A symlink is written through to its
  target. The new text goes to a temporary file beside the target, gets the
  target's mode (and owner, where the process may set it), is fsynced, and is
  renamed over the target: a reader sees the old file or the new one, never a
  mix. A file with several hard links, or owned by another user, cannot be
  renamed over without breaking the links or the owner: its content is
  rewritten in place instead (the space reserved first, one write, then
  fsync) while the lock is held. A read-only file is left alone.
- **No leftovers.** SIGINT, SIGTERM and SIGHUP remove the temporary file
  before the process ends; a temporary file left by a killed run
  (``.NAME.*.glossgraph-fix.tmp``) is removed by the next run, and loading
  never reads it (it is not ``*.yml``).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GlossgraphError
from ..fileio import read_regular

if TYPE_CHECKING:  # pragma: no cover
    from .fix import FileChange

__all__ = ["FixLockedError", "WriteReport", "fix_lock", "lock_path", "write_changes", "TEMP_SUFFIX"]

LOCK_NAME = ".glossgraph-fix.lock"
TEMP_SUFFIX = ".glossgraph-fix.tmp"
#: Called with the target path once its new text is in the temporary file, before the last
#: comparison and the rename (tests slow writing down or interrupt it here).
before_replace: Callable[[Path], None] | None = None


class FixLockedError(GlossgraphError):
    """Another `glossgraph fix --write` is writing this glossary."""


class _Terminated(BaseException):
    """SIGTERM or SIGHUP arrived while writing: clean up, then end like the signal would."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@dataclass
class WriteReport:
    """What writing a plan did, file by file."""

    written: list[Path] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)  # edited since they were read: left alone
    read_only: list[str] = field(default_factory=list)  # no write permission: left alone
    removed_leftovers: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.changed and not self.read_only


def lock_path(data: Path) -> Path:
    """The lock file of the glossary at `data` (the same whatever path leads to it).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> lock_path(folder).name, lock_path(folder / "one.yml").name
    ('.glossgraph-fix.lock', '.one.yml.glossgraph-fix.lock')
    """
    real = Path(os.path.realpath(data))
    if real.is_dir():
        return real / LOCK_NAME
    return real.parent / f".{real.name}{LOCK_NAME}"


@contextlib.contextmanager
def fix_lock(data: Path) -> Iterator[Path]:
    """Hold the glossary's fix lock for the block; raise `FixLockedError` when it is taken."""
    import fcntl

    path = lock_path(data)
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise GlossgraphError(f"cannot create the lock file {path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            raise FixLockedError(
                f"another `glossgraph fix --write` (pid {holder or '?'}) is writing this glossary; "
                "nothing was written", hint="wait for it to finish, then run fix again") from None
        if _same_file(fd, path):
            break
        os.close(fd)  # its holder removed it meanwhile: lock the file that is there now
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield path
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)  # still holding the lock: the next run creates and locks a new file
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except OSError:
        return False


def write_changes(changes: Sequence[FileChange], folders: Sequence[str] = ()) -> WriteReport:
    """Write each change as the module says; call it with the fix lock held.

    `folders`: where a killed run may have left temporary files (the glossary's
    folders); the folders of the changed files are looked at anyway.
    """
    report = WriteReport()
    targets = [(change, Path(os.path.realpath(change.path))) for change in changes]
    report.removed_leftovers = _remove_leftovers({*folders, *(str(t.parent) for _, t in targets)})
    with _signals_raise():
        for change, target in targets:
            outcome = _write_one(change, target)
            if outcome == "written":
                report.written.append(change.path)
            else:
                getattr(report, outcome).append(change.display)
    for folder in sorted({str(target.parent) for _, target in targets}):
        _sync_folder(Path(folder))  # the renames made durable, once per folder
    return report


def _remove_leftovers(folders: set[str]) -> list[str]:
    removed = []
    for folder in sorted(folders):
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if name.startswith(".") and name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(folder, name))
                    removed.append(os.path.join(folder, name))
    return removed


def _write_one(change: FileChange, target: Path) -> str:
    """'written', 'changed' or 'read_only'."""
    data = (b"\xef\xbb\xbf" if change.bom else b"") + change.after.encode("utf-8")
    try:
        info = os.stat(target)
    except OSError:
        return "changed"
    if not info.st_mode & 0o222 or not os.access(target, os.W_OK):
        return "read_only"
    if info.st_nlink > 1 or not _can_keep_owner(info):
        return _rewrite_in_place(change, target, data)
    return _replace(change, target, data, info)


def _can_keep_owner(info: os.stat_result) -> bool:
    """Whether a new file can get `info`'s owner and group: ours, or we may chown."""
    if not hasattr(os, "geteuid") or os.geteuid() == 0:
        return True
    return info.st_uid == os.geteuid() and info.st_gid in (os.getegid(), *os.getgroups())


def _unchanged(change: FileChange, target: Path) -> bool:
    """Whether `target` still holds exactly what the plan was made from."""
    try:
        data, info = read_regular(target)
    except OSError:
        return False
    return ((info.st_size, info.st_mtime_ns) == change.stamp
            and hashlib.sha256(data).hexdigest() == change.digest)


def _replace(change: FileChange, target: Path, data: bytes, info: os.stat_result) -> str:
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), stat.S_IMODE(info.st_mode))
            if hasattr(os, "fchown") and (info.st_uid, info.st_gid) != _owner(handle.fileno()):
                os.fchown(handle.fileno(), info.st_uid, info.st_gid)
            os.fsync(handle.fileno())
        if before_replace is not None:
            before_replace(target)
        if not _unchanged(change, target):
            os.unlink(tmp)
            return "changed"
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return "written"


def _owner(fd: int) -> tuple[int, int]:
    info = os.fstat(fd)
    return info.st_uid, info.st_gid


def _rewrite_in_place(change: FileChange, target: Path, data: bytes) -> str:
    """Rewrite the content of the file itself (hard links and owner kept), the lock held.

    The space is reserved before the first byte changes, so a full disk fails
    before the file is touched; the new bytes go in one write.
    """
    if before_replace is not None:
        before_replace(target)
    fd = os.open(target, os.O_RDWR | getattr(os, "O_NONBLOCK", 0))
    try:
        if not _unchanged(change, target):
            return "changed"
        if hasattr(os, "posix_fallocate") and len(data):
            os.posix_fallocate(fd, 0, len(data))
        written = os.pwrite(fd, data, 0)
        while written < len(data):
            written += os.pwrite(fd, data[written:], written)
        os.ftruncate(fd, len(data))
        os.fsync(fd)
    finally:
        os.close(fd)
    return "written"


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (where folders can be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP raise inside the block (SIGINT raises KeyboardInterrupt anyway), so
    the temporary file is removed; afterwards the process ends by that signal."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]

    def interrupt(signum: int, _: Any) -> None:
        raise _Terminated(signum)

    previous = {signum: signal.signal(signum, interrupt) for signum in wanted}
    try:
        yield
    except _Terminated as exc:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        os.kill(os.getpid(), exc.signum)  # end as the signal asked, now that nothing is left
        raise
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
