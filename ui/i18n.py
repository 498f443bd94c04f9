"""The interface language: Qt's own translations plus ours, Ukrainian by default.

The ``.ts`` files in ``resources/translations`` are the source; the ``.qm`` that
Qt loads is a build product kept in the user cache folder, compiled with the
``lrelease`` that ships with PySide6 whenever it is missing or older than its
``.ts``. So ``python main.py`` works straight from a checkout, and a translator
who edits the ``.ts`` sees the change on the next start. After changing UI
strings, refresh the catalogue (translations already made are kept)::

    .venv/bin/pyside6-lupdate -extensions py ui main.py \
        -ts resources/translations/newsroom_uk.ts -no-obsolete -locations none

(``-extensions py`` matters: without it lupdate finds nothing in ``ui/``, and
``-no-obsolete`` then deletes every translation.) ``newsroom_en.ts`` holds only
the English plural forms; add new ``%n`` strings there by hand.

If compiling fails (no ``lrelease``, a broken ``.ts``), the app still starts,
in English, and the reason is logged: a missing translation is not worth a
press officer's lost morning.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import platformdirs
import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from newsroom import config
from newsroom import i18n as core_i18n

log = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"
CATALOGUE = "newsroom"
SOURCE_LANGUAGE = "en"
LANGUAGES = core_i18n.SUPPORTED

_installed: list[QTranslator] = []


def cache_dir() -> Path:
    """Where compiled catalogues go; ``NEWSROOM_CACHE_DIR`` moves it (tests do)."""
    override = os.environ.get("NEWSROOM_CACHE_DIR")
    base = Path(override) if override else Path(
        platformdirs.user_cache_dir(config.APP_NAME, config.APP_AUTHOR))
    return base / "translations"


def lrelease_command() -> list[str] | None:
    """PySide6's own lrelease: the binary in the package, else the venv's wrapper."""
    package = Path(PySide6.__file__).resolve().parent
    exe = ".exe" if os.name == "nt" else ""
    candidates = [
        package / f"lrelease{exe}",
        Path(sys.executable).parent / f"pyside6-lrelease{exe}",
    ]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    return None


def qm_path(language: str) -> Path:
    return cache_dir() / f"{CATALOGUE}_{language}.qm"


def _compile(ts: Path, qm: Path, lrelease: list[str]) -> None:
    qm.parent.mkdir(parents=True, exist_ok=True)
    # Compile next to the target and rename: another instance starting at the
    # same moment must never load a half-written file.
    fd, tmp_name = tempfile.mkstemp(prefix=qm.stem, suffix=".qm.tmp", dir=qm.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        done = subprocess.run([*lrelease, "-silent", str(ts), "-qm", str(tmp)],
                              capture_output=True, text=True, timeout=60, check=False)
        if done.returncode != 0 or tmp.stat().st_size == 0:
            raise RuntimeError(f"lrelease failed ({done.returncode}): "
                               f"{(done.stderr or done.stdout).strip()}")
        os.replace(tmp, qm)
    finally:
        tmp.unlink(missing_ok=True)


def compile_translations(force: bool = False) -> list[Path]:
    """Bring every ``.qm`` up to date with its ``.ts``; returns the ``.qm`` files.

    Raises when lrelease is missing or fails, so the set-up script stops with a
    reason; the app itself goes through :func:`ensure_compiled`, which does not.
    """
    lrelease = lrelease_command()
    results = []
    for ts in sorted(TRANSLATIONS_DIR.glob(f"{CATALOGUE}_*.ts")):
        qm = cache_dir() / f"{ts.stem}.qm"
        if force or not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime:
            if lrelease is None:
                raise RuntimeError("lrelease not found: is PySide6 installed in this Python?")
            log.info("compiling %s to %s", ts, qm)
            _compile(ts, qm, lrelease)
        results.append(qm)
    return results


def ensure_compiled() -> None:
    try:
        compile_translations()
    except (OSError, RuntimeError, subprocess.SubprocessError):
        log.warning("could not compile the translations; the interface stays in English",
                    exc_info=True)


def _load(translator: QTranslator, path: Path) -> bool:
    return path.is_file() and translator.load(str(path))


def install(language: str) -> None:
    """Switch the core messages and Qt's catalogues to ``language``.

    Call before any window is built: widgets translate their texts when they
    are created.
    """
    core_i18n.set_language(language)  # raises ValueError for an unknown language
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("create the QApplication before installing translations")
    for translator in _installed:
        QCoreApplication.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(QLocale.Language.Ukrainian, QLocale.Country.Ukraine)
                       if language == "uk" else QLocale(QLocale.Language.English,
                                                        QLocale.Country.UnitedKingdom))
    ensure_compiled()
    qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    # English is the source language, but its catalogue still supplies the
    # plural forms ("1 article", "5 articles") that source strings cannot.
    paths = [qm_path(language)]
    if language != SOURCE_LANGUAGE:
        paths.insert(0, qt_dir / f"qtbase_{language}.qm")
    for path in paths:
        translator = QTranslator(app)
        if _load(translator, path):
            QCoreApplication.installTranslator(translator)
            _installed.append(translator)
        else:
            log.warning("no translation catalogue at %s", path)


def installed_catalogues() -> list[str]:
    """The files currently in effect, for diagnostics and tests."""
    return [t.filePath() for t in _installed]
