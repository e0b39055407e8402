"""``tsj-desk --smoke-test``: the program's own check that a build holds everything it needs.

In a temporary folder (with Cyrillic letters and a space in its path) it creates a demo
base, opens the main window, shows every page once, writes an act (.docx from the shipped
template), the owner register (.xlsx) and a backup, and checks the base and the copy.
It prints each step done and exits 0; or prints, in Russian, the step that failed and
why (a module or a resource missing from the build, a Qt plugin not found, a dialog that
opened where none should) and exits 1. Nothing outside the temporary folder is touched:
the data folder and the window settings are pointed into it as well.

Without a display (no ``DISPLAY``/``WAYLAND_DISPLAY`` on Linux) Qt runs on its offscreen
platform; with one, on the platform the program uses, which is then checked too.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path

TIMEOUT_SECONDS = 300


class SmokeFailure(Exception):
    """A check of the smoke test found something wrong (the message is Russian)."""


def _say(text: str) -> None:
    print(text, flush=True)


def _no_display() -> bool:
    if sys.platform.startswith("linux") or "bsd" in sys.platform:
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return False


def _point_user_folders_at(folder: Path) -> None:
    """The data folder (platformdirs) and Qt's settings files inside ``folder``."""
    os.environ["XDG_DATA_HOME"] = str(folder / "данные")
    os.environ["XDG_CONFIG_HOME"] = str(folder / "настройки")
    os.environ["WIN_PD_OVERRIDE_LOCAL_APPDATA"] = str(folder / "данные")
    os.environ["WIN_PD_OVERRIDE_APPDATA"] = str(folder / "настройки")
    os.environ["WIN_PD_OVERRIDE_PERSONAL"] = str(folder / "Документы")


# the offscreen platform says this of every window with a layout: not a fault of the program
_OFFSCREEN_NOISE = {"This plugin does not support propagateSizeHints()"}

_NATIVE_PLATFORMS = {"win32": "qwindows", "darwin": "qcocoa"}


class _Run:
    """The steps, each named in Russian; the first failure ends the run."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.unexpected: list[str] = []  # dialogs opened and exceptions raised in slots
        self.app = None
        self.window = None

    def step(self, name: str, action: Callable[[], str | None]) -> None:
        try:
            detail = action()
            self._process_events()
        except SmokeFailure as exc:
            raise SmokeFailure(f"{name}: {exc}") from exc
        except Exception as exc:
            message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
            raise SmokeFailure(f"{name}: {message}") from exc
        if self.unexpected:
            found, self.unexpected = self.unexpected, []
            raise SmokeFailure(f"{name}: " + "; ".join(found))
        _say(f"  готово: {name}" + (f" — {detail}" if detail else ""))

    def _process_events(self) -> None:
        if self.app is None:
            return
        from ui import workers

        for _ in range(3):
            self.app.processEvents()
            workers.wait_for_all(cancel=False)
        self.app.processEvents()

    # -- what the watchdog sees

    def watch(self) -> None:
        """Every dialog that opens by itself is a failure: it is told and closed."""
        from PySide6.QtCore import QTimer, qInstallMessageHandler
        from PySide6.QtWidgets import QApplication, QMessageBox

        def look() -> None:
            modal = QApplication.activeModalWidget()
            if modal is None:
                return
            text = modal.text() if isinstance(modal, QMessageBox) else ""
            self.unexpected.append(f"открылось окно «{modal.windowTitle()}»"
                                   + (f": {text}" if text else ""))
            modal.close()

        def qt_message(kind, context, message: str) -> None:
            if message not in _OFFSCREEN_NOISE:
                print(f"Qt: {message}", file=sys.stderr, flush=True)

        qInstallMessageHandler(qt_message)
        self._watchdog = QTimer()
        self._watchdog.setInterval(100)
        self._watchdog.timeout.connect(look)
        self._watchdog.start()

        def hook(kind, value, trace) -> None:
            self.unexpected.append(f"ошибка в окне: {kind.__name__}: {value}")
            traceback.print_exception(kind, value, trace, file=sys.stderr)

        sys.excepthook = hook

    # -- the steps

    def start_qt(self) -> str:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import QLibraryInfo, QSettings, qVersion

        settings_folder = self.folder / "настройки"
        for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
            QSettings.setPath(kind, QSettings.Scope.UserScope, str(settings_folder))
        from ui.app import make_application

        self.app = make_application(["tsj-desk"])
        self.watch()
        platform = self.app.platformName()
        plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"
        native = _NATIVE_PLATFORMS.get(sys.platform, "qxcb")
        if not any(p.name.lower().startswith((native, "lib" + native)) for p in _listing(plugins)):
            raise SmokeFailure(f"нет модуля Qt «{native}», без которого окно не откроется на этом "
                               f"компьютере (искали в «{plugins}»)")
        return f"Qt {qVersion()}, PySide6 {pyside_version}, платформа {platform}"

    def russian_texts(self) -> str:
        from PySide6.QtCore import QLibraryInfo, QTranslator

        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not QTranslator().load("qtbase_ru", folder):
            raise SmokeFailure(f"нет перевода Qt на русский (qtbase_ru.qm в «{folder}»): "
                               "стандартные кнопки будут по-английски")
        return None

    def demo_base(self) -> str:
        from tsj_desk.services.demo import create_demo_database
        from tsj_desk.services.session import close_session
        from ui import clock

        self.base = self.folder / "база ТСЖ" / "демо.sqlite3"
        self.base.parent.mkdir(parents=True)
        moment = clock.now()
        create_demo_database(self.base, today=moment.date(), now=moment)
        close_session()
        return str(self.base)

    def open_base(self) -> None:
        from tsj_desk.services.session import open_session
        from ui import clock

        open_session(self.base, lock=True, now=clock.now())

    def main_window(self) -> str:
        from ui.main_window import MainWindow

        self.window = MainWindow(self.base)
        self.window.show()
        return self.window.windowTitle()

    def show_page(self, key: str) -> Callable[[], None]:
        def show() -> None:
            page = self.window.show_page(key)
            if self.window.stack.currentWidget() is not page or not page.isVisible():
                raise SmokeFailure("страница не показана")
        return show

    def about(self) -> str:
        from ui.about_dialog import AboutDialog

        dialog = AboutDialog(self.window)
        dialog.show()
        shown = dict(dialog.rows)
        dialog.close()
        if shown.get("База") != str(self.base):
            raise SmokeFailure(f"в окне «О программе» база «{shown.get('База')}», а открыта «{self.base}»")
        return f"версия {shown.get('Версия')}"

    def guide(self) -> str:
        """Every section of the user guide is in the build, and the guide opens on one."""
        from ui.help_dialog import SECTIONS, section_path, show_guide

        missing = [f"{stem}.md" for stem, _ in SECTIONS
                   if not section_path(stem).is_file() or section_path(stem).stat().st_size == 0]
        if missing:
            raise SmokeFailure(f"нет разделов руководства: {', '.join(missing)} "
                               f"(искали в «{section_path('index').parent}»)")
        dialog = show_guide(self.window, "register")
        shown = dialog.browser.toPlainText().strip()
        dialog.close()
        if not shown:
            raise SmokeFailure("руководство открылось пустым")
        from tsj_desk.domain.text import counted

        return counted(len(SECTIONS), "раздел", "раздела", "разделов")

    def act(self) -> str:
        from tsj_desk.services.acts import create_act, prefill
        from ui import clock

        now = clock.now()
        out = self.folder / "Документы" / "акт о заливе.docx"
        out.parent.mkdir(parents=True, exist_ok=True)
        info = create_act("damage", prefill("damage", now=now), now=now, out=out, blank_lines=True)
        text = _document_text(out, "word/document.xml")
        if "АКТ" not in text.upper():
            raise SmokeFailure(f"в файле «{out.name}» нет текста акта")
        from tsj_desk.domain.text import plural

        size = out.stat().st_size
        shown = f"{size:,}".replace(",", "\u00a0")
        return f"акт № {info.number}, {shown} {plural(size, 'байт', 'байта', 'байт')}"

    def register(self) -> str:
        from tsj_desk.services.disclosure import export_register
        from ui import clock

        now = clock.now()
        out = self.folder / "Документы" / "реестр собственников.xlsx"
        result = export_register(out, as_of=now.date(), requested_by="Проверка сборки",
                                 purpose="проверка программы", now=now)
        _document_text(out, "xl/workbook.xml")
        if result.rows <= 0:
            raise SmokeFailure("в реестре нет ни одной строки")
        from tsj_desk.domain.text import counted

        return counted(result.rows, "строка", "строки", "строк")

    def backup(self) -> str:
        from tsj_desk.services.backups import check_backup, make_backup
        from ui import clock

        info = make_backup("manual", now=clock.now(seconds=True),
                           folder=self.folder / "Резервные копии")
        verdict = check_backup(info.path)
        if not getattr(verdict, "ok", True):
            raise SmokeFailure(f"копия «{info.path.name}» не прошла проверку: {verdict.describe()}")
        return info.path.name

    def check(self) -> str:
        from tsj_desk.services.base_check import check_base

        found = check_base(self.base)
        if not found.ok:
            raise SmokeFailure(found.describe())
        return found.describe()

    def close(self) -> None:
        from tsj_desk.services.session import close_session
        from ui import workers

        workers.wait_for_all(cancel=True)
        if self.window is not None:
            self.window.hide()
            self.window.deleteLater()
            self.window = None
        close_session()


def _listing(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _document_text(path: Path, part: str) -> str:
    """The XML of one part of an Office file, which must be a whole package."""
    if not path.is_file() or path.stat().st_size == 0:
        raise SmokeFailure(f"файл «{path.name}» не записан")
    try:
        with zipfile.ZipFile(path) as package:
            broken = package.testzip()
            if broken is not None:
                raise SmokeFailure(f"файл «{path.name}» повреждён ({broken})")
            return package.read(part).decode("utf-8")
    except (zipfile.BadZipFile, KeyError) as exc:
        raise SmokeFailure(f"файл «{path.name}» не открывается как документ Office: {exc}") from exc


def run(folder: Path) -> None:
    """All the steps in ``folder``; ``SmokeFailure`` names the first that failed."""
    from ui.main_window import PAGES
    from tsj_desk.version import version_line

    _say(f"Проверка программы {version_line()}, Python {sys.version.split()[0]}")
    checks = _Run(folder)
    try:
        checks.step("запуск Qt", checks.start_qt)
        checks.step("перевод Qt на русский", checks.russian_texts)
        checks.step("демонстрационная база", checks.demo_base)
        checks.step("открытие базы", checks.open_base)
        checks.step("главное окно", checks.main_window)
        for spec in PAGES:
            checks.step(f"страница «{spec.title}»", checks.show_page(spec.key))
        checks.step("окно «О программе»", checks.about)
        checks.step("руководство пользователя", checks.guide)
        checks.step("акт (.docx)", checks.act)
        checks.step("реестр собственников (.xlsx)", checks.register)
        checks.step("резервная копия", checks.backup)
        checks.step("проверка базы", checks.check)
    finally:
        try:
            checks.close()
        except Exception:  # the failure already found is the one to tell
            traceback.print_exc()


def _watch_the_clock(seconds: float) -> threading.Timer:
    def too_long() -> None:
        print(f"Проверка не пройдена: не закончилась за {seconds:.0f} с (программа зависла).",
              file=sys.stderr, flush=True)
        os._exit(1)

    timer = threading.Timer(seconds, too_long)
    timer.daemon = True
    timer.start()
    return timer


def main(argv: list[str] | None = None) -> int:
    """``tsj-desk --smoke-test [--keep]``: 0 when every step passed, 1 otherwise."""
    argv = list(argv or [])
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")  # a console whose code page lacks a character
    if _no_display() and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    folder = Path(tempfile.mkdtemp(prefix="tsj-desk-smoke-")) / "Проверка ТСЖ Деск"
    folder.mkdir()
    _point_user_folders_at(folder)
    timer = _watch_the_clock(TIMEOUT_SECONDS)
    try:
        run(folder)
    except SmokeFailure as exc:
        print(f"Проверка не пройдена — {exc}", file=sys.stderr, flush=True)
        cause = exc.__cause__
        while isinstance(cause, SmokeFailure) and cause.__cause__ is not None:
            cause = cause.__cause__
        if cause is not None and not isinstance(cause, SmokeFailure):
            print("Подробности:", file=sys.stderr)
            traceback.print_exception(type(cause), cause, cause.__traceback__, file=sys.stderr)
        return 1
    finally:
        timer.cancel()
        if "--keep" in argv:
            _say(f"Файлы проверки оставлены в «{folder}»")
        else:
            shutil.rmtree(folder.parent, ignore_errors=True)
    _say("Проверка пройдена.")
    return 0
