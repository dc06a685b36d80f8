"""Writing files whole or not at all.

A file is written to a temporary file in the same folder, flushed to disk, and only then
moved over the old one (``os.replace``, one step on every operating system). A write that
fails half-way (a full disk, a removed USB stick) leaves the old file as it was and no
half-written file behind.
"""

import contextlib
import errno
import os
import shutil
import tempfile
from pathlib import Path

__all__ = ["DiskFullError", "replace_files", "write_file"]

_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


class DiskFullError(OSError):
    """The disk (or the user's quota) is full; nothing was changed."""

    def __str__(self):
        return self.strerror


def _open(path, mode, **kwargs):
    # One seam for tests that simulate a full disk half-way through a write.
    return open(path, mode, **kwargs)  # noqa: SIM115


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _disk_full(error, what):
    return DiskFullError(
        errno.ENOSPC,
        f"The disk is full, so {what} could not be written. Nothing was changed: any earlier "
        "file of that name is still there, whole. Free some space (or choose a folder on "
        "another disk) and try again.",
    )


def write_file(path, write, *, mode="w", **open_kwargs):
    """Call ``write(handle)`` on a temporary file, then move it to ``path``.

    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "a.txt"
    >>> write_file(target, lambda handle: handle.write("hello"), encoding="utf-8").read_text()
    'hello'
    """
    path = Path(path)
    handle_fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle_fd)
    try:
        with _open(tmp, mode, **open_kwargs) as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(error, OSError) and error.errno in _FULL:
            raise _disk_full(error, path) from None
        raise
    return path


def replace_files(folder, writers):
    """Write several files into ``folder`` together: all new, or all as they were.

    ``writers`` maps a file name to ``(write, open keyword arguments)``. Every file is
    written into a temporary folder first; only when all are complete are they moved into
    place, so a failure never leaves new files mixed with old ones.
    """
    folder = Path(folder)
    staging = Path(tempfile.mkdtemp(prefix=".incoming-", dir=folder))
    try:
        for name, (write, kwargs) in writers.items():
            with _open(staging / name, "w", **kwargs) as handle:
                write(handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(staging / name, 0o666 & ~_umask())
        paths = []
        for name in writers:
            os.replace(staging / name, folder / name)
            paths.append(folder / name)
    except OSError as error:
        if error.errno in _FULL:
            raise _disk_full(error, f"the files in {folder}") from None
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return paths
