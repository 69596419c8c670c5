"""The one safe way to open a file that a package names, and to write it back.

A resource path is relative, has no ``..``, passes through no symbolic link, names a
regular file (not a folder, device or pipe) and so lies inside the package folder.
Otherwise the path is reported, never the file's contents, and the file is neither
read nor written. Writes go to a file beside the target, which then replaces it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import suppress
from pathlib import Path, PurePosixPath, PureWindowsPath

from .errors import DataError

NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
NEW_FILE_MODE = 0o644


class UnsafePath(DataError):
    """A path that leaves the package, or names a link or special file: never opened."""


class MissingFile(DataError):
    """A safe path that names no file."""


class WriteFailed(DataError):
    """A file could not be written; the file as it was is left in place."""


def _unsafe(relative: str, why: str) -> UnsafePath:
    return UnsafePath(f"{relative}: not safe to open: {why}", file=relative)


def parts(relative: str) -> tuple[str, ...]:
    """The parts of a path that is relative, without ``..``; ``UnsafePath`` otherwise."""
    if not isinstance(relative, str) or not relative:
        raise _unsafe(repr(relative), "a resource path must be a non-empty relative path")
    if "\\" in relative or "\x00" in relative or PureWindowsPath(relative).drive:
        raise _unsafe(relative, "use forward slashes and no drive letter")
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise _unsafe(relative, "a resource path is relative to the package, without `..`")
    return path.parts


def locate(root: Path, relative: str) -> Path:
    """The regular file that ``relative`` names inside ``root``.

    Raises ``UnsafePath`` when the path leaves the package or passes through a link or
    special file, ``MissingFile`` when it names nothing.
    """
    names = parts(relative)
    current = root.resolve()
    for number, part in enumerate(names, start=1):
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except (FileNotFoundError, NotADirectoryError):
            raise MissingFile(f"{relative}: no such file", file=relative) from None
        except OSError as exc:
            raise _unsafe(relative, exc.strerror or "cannot be examined") from None
        if stat.S_ISLNK(mode):
            raise _unsafe(relative, f"{'/'.join(names[:number])} is a symbolic link")
        if number < len(names) and not stat.S_ISDIR(mode):
            raise MissingFile(f"{relative}: no such file", file=relative)
        if number == len(names) and not stat.S_ISREG(mode):
            raise _unsafe(relative, "not a regular file (a folder, device or pipe)")
    return current


def read_bytes(root: Path, relative: str) -> bytes:
    """The bytes of the file ``relative`` names inside ``root`` (see ``locate``)."""
    path = locate(root, relative)
    try:
        descriptor = os.open(path, os.O_RDONLY | NO_FOLLOW)
    except OSError as exc:
        raise _unsafe(relative, exc.strerror or "cannot be opened") from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise _unsafe(relative, "not a regular file (a folder, device or pipe)")
        return handle.read()


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` beside ``target`` then replace it: a crash leaves the old file or the
    new, never part of one. Raises ``WriteFailed`` (the old file kept) when it cannot."""
    try:
        mode = stat.S_IMODE(os.lstat(target).st_mode)
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    except OSError as exc:
        raise WriteFailed(f"{target}: cannot be written: {exc.strerror}", str(target)) from None
    temporary = ""
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as exc:  # an interrupted write leaves nothing beside the file either
        if temporary:
            with suppress(OSError):
                os.unlink(temporary)
        if isinstance(exc, OSError):
            message = f"{target}: cannot be written: {exc.strerror}"
            raise WriteFailed(message, str(target)) from None
        raise
