"""The one checked way to open a file the user named: its type and size are checked before reading.

A FIFO, a device (``/dev/zero``, ``/dev/urandom``), a socket or a folder given where a file is
expected would hang the reader or feed it endless bytes; a sparse file can claim terabytes. Each
is refused with a line that says what it is ("is a FIFO, not a file"), never "file not found".
Reading never takes more than the limit, even if the file grows between the check and the read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..errors import InputErrors, error
from ..locale import Message, _

# Limits for files read whole into memory. Tables (CSV sections) are streamed by pandas and have
# no byte limit of their own (DESIGN §3: size limits never apply to asset tables) beyond this one.
TABLE_MAX_BYTES = 8_000_000_000
XLSX_MAX_BYTES = 500_000_000  # the archive itself; its uncompressed parts are bounded in tables.py
EXPORT_MAX_BYTES = 2_000_000_000  # a GLPI or NumÉcoÉval export read whole
JSON_MAX_BYTES = 50_000_000  # one glpi-agent inventory is a few hundred kB


def _kind(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return _("is a folder, not a file")
    if stat.S_ISFIFO(mode):
        return _("is a FIFO (named pipe), not a file")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("is a device, not a file")
    if stat.S_ISSOCK(mode):
        return _("is a socket, not a file")
    return _("is not a regular file")


def _strerror(exc: OSError) -> str:
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("cannot read the file: permission denied")
    if exc.errno == errno.ELOOP:
        return _("cannot read the file: too many levels of symbolic links")
    if exc.errno == errno.ENAMETOOLONG:
        return _("cannot read the file: its name is too long")
    return Message(_("cannot read the file: {problem}"), problem=exc.strerror or type(exc).__name__)


def file_problem(path, label: str, *, max_bytes: int | None = None, what: str = _("file")):
    """The InputError that makes `path` unreadable as a regular file, or None (it can be read).

    ``what`` names the limit in the message ("file too large for YAML").
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return error(_("file not found"), path=label)
    except NotADirectoryError:
        return error(_("file not found (a folder in its path is a file)"), path=label)
    except (OSError, ValueError) as exc:  # ValueError: a NUL character in the name
        return error(_strerror(exc) if isinstance(exc, OSError) else _("not a valid file name"), path=label)
    kind = _kind(info.st_mode)
    if kind:
        return error(kind, path=label)
    if max_bytes is not None and info.st_size > max_bytes:
        return error(_("{what} too large ({size:,} bytes, limit {limit:,})"), what=Message(what), size=info.st_size,
                     limit=max_bytes, path=label)
    return None


def check_file(path, label: str, *, max_bytes: int | None = None, what: str = _("file")) -> None:
    """Raise InputErrors unless `path` is a regular file within `max_bytes`."""
    problem = file_problem(path, label, max_bytes=max_bytes, what=what)
    if problem is not None:
        raise InputErrors([problem])


def read_bytes(path, label: str, *, max_bytes: int, what: str = _("file")) -> bytes:
    """The bytes of a checked regular file, never more than `max_bytes` (a file that grows is refused)."""
    check_file(path, label, max_bytes=max_bytes, what=what)
    try:
        # O_NONBLOCK: should the path have been swapped for a FIFO since the check, opening it
        # does not wait for a writer; the fstat below then refuses it.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise InputErrors([error(_strerror(exc), path=label)]) from exc
    with os.fdopen(fd, "rb") as handle:
        kind = _kind(os.fstat(handle.fileno()).st_mode)
        if kind:
            raise InputErrors([error(kind, path=label)])
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputErrors([error(_("{what} too large (more than {limit:,} bytes)"), what=Message(what), limit=max_bytes, path=label)])
    return data


def read_head(path, label: str, size: int) -> bytes:
    """The first `size` bytes of a checked regular file (for sniffing its kind)."""
    check_file(path, label)
    try:
        with open(Path(path), "rb") as handle:
            return handle.read(size)
    except OSError as exc:
        raise InputErrors([error(_strerror(exc), path=label)]) from exc
