"""The static site's files on disk: atomic writes, the folder lock, the manifest.

A web server may read any file while we write it, and the PC may lose power
in the middle, so no file is ever written in place: each one goes to a
temporary file in the same folder, is flushed to disk, then renamed over the
old one, and a reader sees either the old file or the new one, never half.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsroom.i18n import tr
from newsroom.sync.errors import SiteSetupError, SyncError, Transient
from newsroom.sync.static_pages import SLUG, Entry

STATE_DIR = ".newsroom"
MANIFEST = f"{STATE_DIR}/manifest.json"
LOCK = f"{STATE_DIR}/lock"
TEMP_PREFIX = ".newsroom-"
TEMP_SUFFIX = ".tmp"
FORMAT = 1
#: A lock older than this was left by a process that died mid-publish.
STALE_LOCK_SECONDS = 600
_SETUP_ERRNOS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR,
                           errno.EISDIR})
_WINDOWS_BUSY = frozenset({32, 33})  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION


@contextmanager
def site_errors(root: Path) -> Iterator[None]:
    """Turn file-system failures into the sync errors the queue understands:
    a folder we may not write needs a person (SiteSetupError), anything else
    (a full disk, a network share gone for a moment) is worth a retry."""
    try:
        yield
    except SyncError:
        raise
    except OSError as exc:
        detail = exc.strerror or str(exc)
        # Windows refuses to replace a file a web server has open (sharing
        # violation): that passes, unlike a folder we may not write.
        busy = getattr(exc, "winerror", None) in _WINDOWS_BUSY
        if not busy and (exc.errno in _SETUP_ERRNOS or isinstance(exc, PermissionError)):
            raise SiteSetupError(tr("cannot write to the site folder {path}: {error}",
                                    path=str(root), error=detail)) from exc
        raise Transient(tr("writing the site folder {path} failed: {error}",
                           path=str(root), error=detail), maybe_done=True) from exc


def write_atomic(path: Path, data: bytes) -> bool:
    """Replace ``path`` by ``data``; False when it already held exactly that
    (list pages mostly stay the same, and every write costs an fsync)."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if os.name == "posix":
            os.chmod(temp, 0o644)  # mkstemp makes 0600: the web server must read it
        os.replace(temp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise
    return True


def remove_tree(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


@contextmanager
def folder_lock(root: Path) -> Iterator[None]:
    """One publication at a time per folder, across processes and PCs sharing
    it: two writers would each rebuild the lists from their own manifest and
    the second would drop the first one's article."""
    lock = root / LOCK
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            try:
                age = time.time() - lock.stat().st_mtime
            except FileNotFoundError:
                continue  # released just now
            if age <= STALE_LOCK_SECONDS:
                raise Transient(tr("the site folder {path} is busy with another publication",
                                   path=str(root))) from None
            with suppress(FileNotFoundError):
                lock.unlink()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(f"{os.getpid()}\n")
    try:
        yield
    finally:
        with suppress(OSError):
            lock.unlink()


@dataclass
class Manifest:
    """The site's state: what is published (by article uuid) and the folders
    of moved or removed articles still to be cleaned up (old slug → new slug,
    or None when the article left the site)."""

    posts: dict[str, Entry] = field(default_factory=dict)
    retired: dict[str, str | None] = field(default_factory=dict)

    def by_slug(self, slug: str) -> Entry | None:
        return next((e for e in self.posts.values() if e.slug == slug), None)

    def to_bytes(self) -> bytes:
        data = {"format": FORMAT, "generator": "Newsroom",
                "posts": {uuid: entry.to_json() for uuid, entry in sorted(self.posts.items())},
                "retired": dict(sorted(self.retired.items()))}
        text = json.dumps(data, ensure_ascii=False, indent=1)
        # Titles are ours to publish, not markup: escaped so that a server that
        # sends this file as HTML still shows no tag from it.
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return (text + "\n").encode("utf-8")

    @classmethod
    def load(cls, root: Path) -> Manifest | None:
        """None when the folder holds no manifest yet."""
        path = root / MANIFEST
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        try:
            data: dict[str, Any] = json.loads(raw.decode("utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"unknown format {data.get('format')!r}")
            posts = {str(uuid): Entry.from_json(str(uuid), item)
                     for uuid, item in data.get("posts", {}).items()}
            retired = {str(old): str(new) if new is not None and SLUG.fullmatch(str(new))
                       else None
                       for old, new in data.get("retired", {}).items()
                       if SLUG.fullmatch(str(old))}
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SiteSetupError(tr("the site's manifest {path} is damaged: {error}",
                                    path=str(path), error=str(exc))) from None
        return cls(posts, retired)
