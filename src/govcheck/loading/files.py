"""Reading an input file without hanging: regular files only, and never more than a limit.

A FIFO blocks ``open()`` until someone writes to it, ``/dev/zero`` never ends and a socket
cannot be opened at all. Records, the settings file and baselines are all read through
``read_regular`` so that each of these is an input error naming the file, never a hang.
"""

from __future__ import annotations

import errno
import os
import stat

from govcheck.i18n import Text


class FileProblem(Exception):
    """A file that cannot be read as an input: what is wrong and how to fix it."""

    def __init__(self, message: Text, hint: Text, missing: bool = False) -> None:
        super().__init__(message.en)
        self.message = message
        self.hint = hint
        self.missing = missing  # the path does not exist (callers may word this their own way)


NOT_REGULAR = Text(
    "不是普通文件（是管道、设备或套接字），未读取", "not a regular file (a pipe, device or socket); not read"
)
NOT_REGULAR_HINT = Text(
    "只检查普通文件：把记录保存为文件，或把该路径移出检查目录",
    "only regular files are read: save the record as a file, or move this path out of the checked folder",
)


def is_special(path: str) -> bool:
    """A FIFO, device or socket (not a regular file, not a folder): reading it could hang."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _cannot(exc: OSError) -> FileProblem:
    missing = exc.errno == errno.ENOENT
    reason = exc.strerror or str(exc)
    return FileProblem(
        Text(f"无法读取文件：{reason}", f"cannot read the file: {reason}"),
        Text("检查路径和读取权限", "check the path and read permission"),
        missing,
    )


def read_regular(path: str, max_bytes: int) -> bytes:
    """Up to ``max_bytes + 1`` bytes of a regular file (the caller judges "too large")."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise _cannot(exc) from None
    if stat.S_ISDIR(mode):
        raise FileProblem(
            Text("这是一个目录，不是文件", "this is a folder, not a file"),
            Text("给出文件的路径", "give the path of a file"),
        )
    if not stat.S_ISREG(mode):
        raise FileProblem(NOT_REGULAR, NOT_REGULAR_HINT)
    # O_NONBLOCK: should the path be swapped for a FIFO after the check, open() still returns.
    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise _cannot(exc) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise FileProblem(NOT_REGULAR, NOT_REGULAR_HINT)
        return _read_up_to(descriptor, status.st_size, max_bytes + 1)
    except OSError as exc:
        raise _cannot(exc) from None
    finally:
        os.close(descriptor)


def _read_up_to(descriptor: int, size: int, limit: int) -> bytes:
    """At most ``limit`` bytes, in one read for a file whose size ``fstat`` gave (the common case).

    Sized reads, not ``read(limit)``: a buffered read of ``limit`` bytes allocates the whole
    limit (1 MiB) for every 5 KB record, which cost as much as reading the file."""
    parts = [os.read(descriptor, min(size + 1, limit))]
    total = len(parts[0])
    while parts[-1] and total < limit:  # grown since fstat, or a file system without sizes
        parts.append(os.read(descriptor, min(limit - total, 65536)))
        total += len(parts[-1])
    return b"".join(parts)
