"""Write a set of files into a folder all at once: a new folder appears whole, or not at all.

Everything is first written into a temporary folder beside the target
(``.NAME.partial-<random suffix>``), without an fsync per file. Then the file system is
flushed once (``syncfs``), and:

- when the target does not exist (or is an empty folder), the temporary
  folder is renamed to it: one atomic step;
- when it exists, each file is moved into it with an atomic rename.

Every check that can fail is made before the first byte is written (a folder
where a file should go, files that exist without `force`), and on any error
or interrupt the temporary folder is removed: the target is left as it was.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from .errors import GlossgraphError

__all__ = ["OverwriteError", "Progress", "write_folder"]

#: Wraps the (name, text) pairs being written, e.g. to show a progress bar.
Progress = Callable[[Iterable[tuple[str, str]], int], Iterator[tuple[str, str]]]


class OverwriteError(GlossgraphError):
    """Files exist where files would be written, and overwriting was not allowed."""


def write_folder(files: dict[str, str], directory: str | Path, *, force: bool = False,
                 progress: Progress | None = None) -> list[Path]:
    """Write `files` (name -> text) into `directory`; returns the paths written.

    Raises
    ------
    OverwriteError
        When a target exists and `force` is false (nothing is written).
    GlossgraphError
        When the target or one of its files is in the way (a file where the
        folder should be, a folder where a file should be) or cannot be
        written; nothing is left behind.
    """
    directory = Path(directory)
    _check_target(directory, files, force)
    directory.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{directory.name}.partial-", dir=directory.parent))
    try:
        items: Iterable[tuple[str, str]] = files.items()
        for name, text in (progress(items, len(files)) if progress else items):
            with open(partial / name, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        _sync(partial)
        _move_in(partial, directory, list(files))
    except OSError as exc:
        raise GlossgraphError(f"cannot write {directory}: {exc.strerror or exc}"
                              + (f" ({exc.filename})" if exc.filename else ""),
                              hint="nothing was written") from None
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return [directory / name for name in files]


def _check_target(directory: Path, files: dict[str, str], force: bool) -> None:
    if directory.exists() and not directory.is_dir():
        raise GlossgraphError(f"{directory} exists and is not a folder")
    if not directory.is_dir():
        return
    in_the_way = sorted(name for name in files if (directory / name).is_dir())
    if in_the_way:
        raise GlossgraphError(f"{directory / in_the_way[0]} is a folder where a file would be "
                              "written", hint="move it away; nothing was written")
    existing = sorted(str(directory / name) for name in files if os.path.lexists(directory / name))
    if existing and not force:
        shown = ", ".join(existing[:3])
        more = f" and {len(existing) - 3} more" if len(existing) > 3 else ""
        raise OverwriteError(f"refusing to overwrite {len(existing)} existing file(s): "
                             f"{shown}{more}", hint="pass --force to overwrite them")


def _move_in(partial: Path, directory: Path, names: list[str]) -> None:
    if not directory.exists() or (directory.is_dir() and not any(directory.iterdir())):
        os.chmod(partial, 0o777 & ~_umask())
        os.replace(partial, directory)  # replaces an empty folder too
    else:
        for name in names:
            os.replace(partial / name, directory / name)
    _fsync_folder(directory.parent)
    _fsync_folder(directory)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _sync(folder: Path) -> None:
    """Flush the file system holding `folder` once (Linux ``syncfs``; else ``sync``)."""
    libc_name = ctypes.util.find_library("c")
    libc = ctypes.CDLL(libc_name, use_errno=True) if libc_name else None
    if libc is not None and hasattr(libc, "syncfs"):
        fd = os.open(folder, os.O_RDONLY)
        try:
            libc.syncfs(fd)
        finally:
            os.close(fd)
    elif hasattr(os, "sync"):  # pragma: no cover - not Linux
        os.sync()


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse it on folders
        pass
    finally:
        os.close(fd)
