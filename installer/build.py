"""Build ТСЖ Деск for the platform this runs on: ``uv run python installer/build.py``.

1. PyInstaller builds the one-folder application from ``installer/tsj-desk.spec`` into
   ``installer/dist/tsj-desk`` (on Windows ``tsj-desk.exe``, the window, and
   ``tsj-desk-cli.exe``, the same program with a console);
2. its size is printed;
3. the built program runs its own ``--smoke-test``: «smoke test: passed», or the step
   that failed and exit 1;
4. on Linux a ``.deb`` is packed with ``dpkg-deb`` (the folder in /opt/tsj-desk, the
   command /usr/bin/tsj-desk, a menu entry and the icon); ``--check-deb`` then installs
   it with ``dpkg -i`` (needs root: CI does it) and runs the installed ``tsj-desk --version``;
5. with ``--nsis`` (or where ``makensis`` is found and ``--no-nsis`` is not given) the
   Windows setup script is compiled against the folder just built: on Windows that is
   the setup program; elsewhere it only proves the script valid.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DIST = HERE / "dist"
WORK = HERE / "build"
APP = DIST / "tsj-desk"
WINDOWS = sys.platform == "win32"

DEB_DEPENDS = ["libc6", "libfontconfig1", "libglib2.0-0", "libdbus-1-3", "libegl1", "libgl1",
               "libxkbcommon0"]
# the window on an X11 or Wayland desktop; a desktop has them, a server needs them only
# for the window (the command line and the smoke test run without)
DEB_RECOMMENDS = ["libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1",
                  "libxcb-image0", "libxcb-render-util0", "libxcb-shape0", "libxcb-randr0",
                  "libxcb-xfixes0", "libxcb-xkb1", "libwayland-client0", "libwayland-cursor0",
                  "libwayland-egl1", "fonts-dejavu-core"]

DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name=ТСЖ Деск
GenericName=Реестр собственников и обращения ТСЖ
Comment=Реестр собственников, обращения жителей, показания счётчиков и акты
Exec=/usr/bin/tsj-desk
Icon=tsj-desk
Terminal=false
Categories=Office;
StartupWMClass=tsj-desk
"""

WRAPPER = """#!/bin/sh
# ТСЖ Деск: the program is the folder /opt/tsj-desk
exec /opt/tsj-desk/tsj-desk "$@"
"""


def version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def program(name: str = "tsj-desk") -> Path:
    return APP / (name + ".exe" if WINDOWS else name)


def build() -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--log-level", "WARN", "--distpath", str(DIST), "--workpath", str(WORK),
                    str(HERE / "tsj-desk.spec")], cwd=ROOT, check=True)
    return time.monotonic() - started


def smoke_test() -> bool:
    # on Windows the windowed program has no console to print into: its twin with one
    tested = program("tsj-desk-cli" if WINDOWS else "tsj-desk")
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    done = subprocess.run([str(tested), "--smoke-test"], env=env, timeout=900)
    return done.returncode == 0


def deb_architecture() -> str:
    return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                          check=True).stdout.strip()


def make_deb() -> Path:
    """The .deb of the folder just built (``dpkg-deb``, files owned by root)."""
    number = version()
    arch = deb_architecture()
    stage = WORK / "deb" / f"tsj-desk_{number}_{arch}"
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(APP, stage / "opt" / "tsj-desk", symlinks=True)
    wrapper = stage / "usr" / "bin" / "tsj-desk"
    wrapper.parent.mkdir(parents=True)
    wrapper.write_text(WRAPPER, encoding="utf-8")
    wrapper.chmod(0o755)
    entry = stage / "usr" / "share" / "applications" / "tsj-desk.desktop"
    entry.parent.mkdir(parents=True)
    entry.write_text(DESKTOP_ENTRY, encoding="utf-8")
    icon = stage / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps" / "tsj-desk.png"
    icon.parent.mkdir(parents=True)
    shutil.copyfile(HERE / "icons" / "tsj-desk.png", icon)
    installed_kb = folder_size(stage)[0] // 1024
    control = stage / "DEBIAN" / "control"
    control.parent.mkdir()
    control.write_text(
        f"Package: tsj-desk\nVersion: {number}\nArchitecture: {arch}\n"
        "Maintainer: ТСЖ Деск <tsj-desk@localhost>\nSection: misc\nPriority: optional\n"
        f"Installed-Size: {installed_kb}\n"
        f"Depends: {', '.join(DEB_DEPENDS)}\nRecommends: {', '.join(DEB_RECOMMENDS)}\n"
        "Description: ТСЖ Деск — реестр собственников, обращения, показания и акты\n"
        " Настольная программа для правления ТСЖ, ЖСК и небольшой управляющей организации:\n"
        " реестр собственников, обращения жителей со сроками по закону, показания\n"
        " счётчиков, акты на подпись, резервные копии. Данные пользователя хранятся в\n"
        " ~/.local/share/tsj-desk и при удалении пакета не удаляются.\n",
        encoding="utf-8")
    for path in [stage, *stage.rglob("*")]:  # dpkg-deb wants sane modes under DEBIAN too
        if path.is_dir():
            path.chmod(0o755)
    out = DIST / f"tsj-desk_{number}_{arch}.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(stage), str(out)],
                   check=True, stdout=subprocess.DEVNULL)
    return out


def check_deb(deb: Path) -> bool:
    """Install the .deb (root only) and run the installed command's --version."""
    subprocess.run(["dpkg", "-i", str(deb)], check=True)
    done = subprocess.run(["tsj-desk", "--version"], capture_output=True, text=True)
    print(f"installed tsj-desk --version: {done.stdout.strip()}")
    return done.returncode == 0 and done.stdout.strip().endswith(version())


def compile_nsis() -> Path:
    out = DIST / (f"tsj-desk-{version()}-setup.exe" if WINDOWS else "tsj-desk-setup-check.exe")
    makensis = shutil.which("makensis")
    if makensis is None:
        raise SystemExit("makensis not found (Debian: apt-get install nsis; Windows: NSIS 3)")
    numbers = [p for p in version().split("+")[0].split(".") if p.isdigit()][:4]
    four = ".".join(numbers + ["0"] * (4 - len(numbers)))
    subprocess.run([makensis, "-V2", "-WX", f"-DVERSION={version()}", f"-DVIVERSION={four}",
                    f"-DAPPDIR={APP}", *([] if WINDOWS else ["-DCOMPRESSOR=zlib"]),
                    f"-DOUTFILE={out}", str(HERE / "windows" / "tsj-desk.nsi")], check=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check-deb", action="store_true",
                        help="install the .deb with dpkg -i and run tsj-desk --version (root)")
    parser.add_argument("--nsis", action="store_true", help="compile the NSIS setup script")
    parser.add_argument("--no-nsis", action="store_true", help="do not compile it")
    args = parser.parse_args(argv)

    print(f"building ТСЖ Деск {version()} for {platform.system()} {platform.machine()}",
          flush=True)
    seconds = build()
    size, files = folder_size(APP)
    print(f"one-folder application: {APP.relative_to(ROOT)} — {megabytes(size)}, "
          f"{files} files (built in {seconds:.0f} s)", flush=True)
    started = time.monotonic()
    if not smoke_test():
        print("smoke test: FAILED", flush=True)
        return 1
    print(f"smoke test: passed ({time.monotonic() - started:.0f} s)", flush=True)
    if sys.platform.startswith("linux") and shutil.which("dpkg-deb"):
        started = time.monotonic()
        deb = make_deb()
        print(f"deb: {deb.relative_to(ROOT)} — {megabytes(deb.stat().st_size)} "
              f"(packed in {time.monotonic() - started:.0f} s)", flush=True)
        if args.check_deb:
            if not check_deb(deb):
                print("deb: installed tsj-desk --version FAILED", flush=True)
                return 1
            print("deb: installed with dpkg -i, tsj-desk --version works", flush=True)
    if args.nsis or (shutil.which("makensis") and not args.no_nsis):
        started = time.monotonic()
        setup = compile_nsis()
        what = "setup program" if WINDOWS else "NSIS script compiled (Linux files, only a check)"
        print(f"{what}: {setup.relative_to(ROOT)} — {megabytes(setup.stat().st_size)} "
              f"({time.monotonic() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
