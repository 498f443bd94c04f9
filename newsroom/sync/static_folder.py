"""The static site's folder as a whole: which files to write, in what order,
and how to finish what an interrupted run left.

Writes go in an order that keeps every link on the site working if we stop
at any point: new files (photos, the article page, a new section's page)
before the manifest, the manifest before the lists that link to what it
names, and removals last, once nothing links to what is removed. Work left
over by an interrupted run (folders still to remove, links to repoint) is
recorded in the manifest and finished by the next run.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from newsroom.i18n import tr
from newsroom.sync.connectors.base import MediaCache, OutgoingImage
from newsroom.sync.errors import Rejected, SiteSetupError
from newsroom.sync.images import web_version
from newsroom.sync.static_files import (
    MANIFEST,
    STATE_DIR,
    Manifest,
    folder_lock,
    remove_tree,
    site_errors,
    write_atomic,
)
from newsroom.sync.static_pages import (
    INDEX,
    MEDIA_DIR,
    MEDIA_PATH,
    PAGES_DIR,
    SECTIONS_DIR,
    Entry,
    SiteRenderer,
    article_dir,
    fix_related,
    page_path,
    section_dir,
)
from newsroom.text.slugs import slugify

_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class SiteFolder:
    """The folder's reading and writing; callers that write hold the folder
    lock (:func:`newsroom.sync.static_files.folder_lock`)."""

    def __init__(self, root: Path, renderer: SiteRenderer) -> None:
        self.root, self.renderer = root, renderer

    # ------------------------------------------------------------- reading

    def load(self) -> Manifest:
        return Manifest.load(self.root) or Manifest()

    def read_page(self, slug: str) -> bytes | None:
        try:
            return (self.root / page_path(article_dir(slug))).read_bytes()
        except FileNotFoundError:
            return None

    # ------------------------------------------------------------- set-up

    def prepare(self, now: datetime) -> None:
        """Make the folder a site on first use: an empty home page, feed and
        sitemap, so that the first article's links have somewhere to go.
        Refuses a folder holding other files, whose contents we would mix
        with ours and whose sub-folders we might delete."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SiteSetupError(tr("cannot create the site folder {path}: {error}",
                                    path=str(self.root),
                                    error=exc.strerror or str(exc))) from exc
        with site_errors(self.root):
            if Manifest.load(self.root) is not None:
                return
            if any(child.name != STATE_DIR for child in self.root.iterdir()):
                raise SiteSetupError(tr("the folder {path} is not empty and was not made by "
                                        "Newsroom: choose an empty folder for the site",
                                        path=str(self.root)))
            (self.root / STATE_DIR).mkdir(exist_ok=True)
            with folder_lock(self.root):
                manifest = self.load()
                # The manifest first: it makes the folder ours, so a stop
                # before the lists does not leave a "foreign" folder behind.
                self.commit(manifest)
                self._write_lists(manifest, now)

    def ensure_base(self, manifest: Manifest, now: datetime) -> None:
        """The style sheet, home page and feed every article page links to,
        in case an earlier run stopped before writing them."""
        write_atomic(self.root / "style.css", self.renderer.stylesheet())
        if not all((self.root / name).is_file() for name in (INDEX, "rss.xml")):
            self._write_lists(manifest, now)

    def ensure_section(self, manifest: Manifest, section: str | None, now: datetime) -> None:
        """A page for a section no article had yet, written before the first
        article page that links to it."""
        name = (section or "").strip()
        if not name or (self.root / page_path(section_dir(slugify(name)))).is_file():
            return
        key = slugify(name)
        files = self.renderer.lists(manifest.posts.values(), now, {key: name})
        self._write_files(files, lambda path: path.startswith(section_dir(key)))

    # -------------------------------------------------------------- photos

    def media_path(self, image: OutgoingImage, media: MediaCache) -> str:
        cached = media.get(image.sha256)
        if cached is not None and MEDIA_PATH.fullmatch(cached[1]):
            return cached[1]
        extension = _EXTENSIONS.get(image.mime)
        if extension is None:
            raise Rejected(tr("{mime} pictures cannot be published", mime=image.mime))
        return f"{MEDIA_DIR}/{image.sha256}.{extension}"

    def store_media(self, image: OutgoingImage, media: MediaCache) -> str:
        """Each photo is re-encoded and written once; the cache remembers it
        for every later article and retry. Returns its path in the site."""
        path = self.media_path(image, media)
        target = self.root / path
        if media.get(image.sha256) is not None and target.is_file():
            return path
        if not target.is_file():
            try:
                original = image.load()
            except OSError as exc:
                raise Rejected(tr("the picture {file} cannot be read: {error}",
                                  file=image.filename, error=str(exc))) from None
            write_atomic(target, web_version(original, image.mime).data)
        media.put(image.sha256, path, path)
        return path

    # ------------------------------------------------------------- writing

    def write_page(self, slug: str, page: bytes) -> None:
        write_atomic(self.root / page_path(article_dir(slug)), page)

    def commit(self, manifest: Manifest) -> None:
        """The manifest is the point of no return: written after every file
        it names, before any list links to them or anything is removed.
        Folders of retired slugs that are gone, or live again, are dropped."""
        live = {e.slug for e in manifest.posts.values()}
        manifest.retired = {old: new for old, new in manifest.retired.items()
                            if old not in live and (self.root / old).exists()}
        write_atomic(self.root / MANIFEST, manifest.to_bytes())

    def settle(self, manifest: Manifest, now: datetime) -> None:
        """Rebuild the lists, then finish what moved or removed articles
        left: point other pages' "Читайте також" links at the new address or
        drop them, and delete the old folders and list pages no one links to."""
        files = self._write_lists(manifest, now)
        if manifest.retired:
            self._fix_links(manifest)
            for old in list(manifest.retired):
                remove_tree(self.root / old)
        for folder in self._list_folders():
            if page_path(folder.relative_to(self.root).as_posix() + "/") not in files:
                remove_tree(folder)

    def _write_files(self, files: dict[str, str], wanted: Callable[[str], bool]) -> None:
        """New files first, so a page never links to one not yet written; in
        each group section pages before home pages and later pages before
        earlier ones, which link to them."""
        def order(path: str) -> tuple[bool, bool, int]:
            parts = path.split("/")
            number = int(parts[-2]) if len(parts) >= 3 and parts[-3] == PAGES_DIR else 1
            return ((self.root / path).exists(), not path.startswith(SECTIONS_DIR), -number)

        for path in sorted((p for p in files if wanted(p)), key=order):
            write_atomic(self.root / path, files[path].encode("utf-8"))

    def _write_lists(self, manifest: Manifest, now: datetime) -> dict[str, str]:
        write_atomic(self.root / "style.css", self.renderer.stylesheet())
        files = self.renderer.lists(manifest.posts.values(), now)
        self._write_files(files, lambda path: path.endswith(".html"))
        self._write_files(files, lambda path: not path.endswith(".html"))
        return files

    def _fix_links(self, manifest: Manifest) -> None:
        live = {e.slug for e in manifest.posts.values()}

        def final(slug: str) -> str | None:
            seen: set[str] = set()
            target = manifest.retired.get(slug)
            while target is not None and target not in live and target not in seen:
                seen.add(target)
                target = manifest.retired.get(target)
            return target if target in live else None

        changes: list[tuple[Entry, bytes]] = []
        for entry in manifest.posts.values():
            hits = {old: final(old) for old in entry.links if old in manifest.retired}
            page = self.read_page(entry.slug) if hits else None
            if page is None or sha256(page) not in {entry.page_sha256, entry.page_sha256_before}:
                continue  # nothing to fix, or edited by hand: not ours to change
            fixed = fix_related(page.decode("utf-8"), hits).encode("utf-8")
            if fixed != page:
                links = {*entry.links, *(new for new in hits.values() if new)}
                changes.append((replace(entry, page_sha256=sha256(fixed),
                                        page_sha256_before=sha256(page),
                                        links=tuple(sorted(links))), fixed))
        if not changes:
            return
        # The manifest first, accepting both versions, so a stop in between
        # never makes our own fix look like a hand edit.
        for entry, _ in changes:
            manifest.posts[entry.uuid] = entry
        self.commit(manifest)
        for entry, fixed in changes:
            self.write_page(entry.slug, fixed)

    def _list_folders(self) -> Iterable[Path]:
        """Every generated list page folder (``page/N``, ``rozdil/X``,
        ``rozdil/X/page/N``), for removing those the lists no longer have."""
        pages = self.root / PAGES_DIR
        sections = self.root / SECTIONS_DIR
        found = [p for p in pages.iterdir() if p.is_dir()] if pages.is_dir() else []
        for section in (sections.iterdir() if sections.is_dir() else []):
            if section.is_dir():
                found.append(section)
                inner = section / PAGES_DIR
                if inner.is_dir():
                    found.extend(p for p in inner.iterdir() if p.is_dir())
        return found
