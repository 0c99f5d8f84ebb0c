"""Where sobriete may write: never over an input, never a device, and clear errors when it cannot.

Every command registers the files it reads (``register_input``); ``check_output`` refuses an output
that is one of them (same file, whatever the spelling, hard links and symlinks included), a
device, a FIFO or a folder, and resolves a symlink so that the file it points to is replaced, not
the link. ``environment_error`` turns an ``OSError`` a user can fix (read-only folder, full disk,
name too long, a parent that is a file) into one clear line, exit 2 (DESIGN §7).
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import time
from pathlib import Path

from ..errors import InputError
from ..locale import Message, _

TEMP_PREFIX = ".sobriete-"  # temporary files sobriete owns (cleaned when stale)
TEMP_SUFFIX = ".tmp"
STALE_SECONDS = 3600.0  # a temporary file older than this was left by a killed run

_inputs: dict[tuple[int, int], str] = {}  # (device, inode) → the path as given


def register_input(path) -> None:
    """Remember a file the command reads, so that no output replaces it."""
    try:
        info = os.stat(path)
    except OSError:
        return
    if stat.S_ISREG(info.st_mode):
        _inputs[(info.st_dev, info.st_ino)] = str(path)


def forget_inputs() -> None:
    _inputs.clear()


class OutputError(InputError):
    """An output that cannot or must not be written (exit 2)."""


def check_output(path) -> Path:
    """The path to write (a symlink's target), or OutputError."""
    path = Path(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise environment_error(exc, path) from exc
    if info is not None and stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(path))
        return check_output(target) if target != path else path
    if info is not None:
        if stat.S_ISDIR(info.st_mode):
            raise OutputError(_("is a folder, not a file: give a file name"), path=str(path))
        if not stat.S_ISREG(info.st_mode):
            kind = _("a FIFO") if stat.S_ISFIFO(info.st_mode) else _("a device") if (
                stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)) else _("not a regular file")
            raise OutputError(Message(_("is {kind}: sobriete writes regular files only "
                                        "(leave out --output to print to the terminal)"), kind=Message(kind)),
                              path=str(path))
        if (info.st_dev, info.st_ino) in _inputs:
            raise OutputError(Message(_("is an input of this command ({input}): "
                                        "inputs are never overwritten; give another output name"),
                                      input=_inputs[(info.st_dev, info.st_ino)]), path=str(path))
    return path


def environment_error(exc: OSError, path) -> OutputError:
    """One clear line for what the user can fix about the place they write to."""
    reasons = {
        errno.EACCES: _("permission denied (a read-only folder or file?)"),
        errno.EPERM: _("operation not permitted"),
        errno.EROFS: _("the file system is read-only"),
        errno.ENOSPC: _("no space left on the disk"),
        errno.EDQUOT: _("disk quota exceeded"),
        errno.ENAMETOOLONG: _("file name too long"),
        errno.ENOTDIR: _("a part of the path is a file, not a folder"),
        errno.EISDIR: _("is a folder, not a file"),
        errno.ENOENT: _("the folder does not exist"),
    }
    reason = reasons.get(exc.errno, exc.strerror or str(exc))
    return OutputError(Message(_("cannot write: {reason}"), reason=Message(reason)), path=str(path))


def clean_stale_temporaries(folder: Path) -> None:
    """Remove sobriete's own temporary files (and staged document folders) left in `folder` by a run
    that was killed."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX):
            try:
                if now - entry.stat(follow_symlinks=False).st_mtime <= STALE_SECONDS:
                    continue
                if entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
                elif entry.is_dir(follow_symlinks=False):  # a document set staged by a killed run
                    shutil.rmtree(entry.path, ignore_errors=True)
            except OSError:
                pass
