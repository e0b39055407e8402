"""What the ``holidays`` package answered for Russia, kept in a file so that the window
and the command line do not import the package (0.7–1 s) to count a deadline.

The file (``calendar-ru-<key>.json`` in the user's cache folder) is keyed by the bytes of
the package's version and Russia modules: another package version, or an edited Russia
module, is a new key and its answers are asked of the package again. A year not in the
file, a file that can't be read or parsed, or a package whose modules are not files (a
frozen build) is asked of the package (``holiday_source.PACKAGE``); what it answers is
written back (a new file replaces the old one whole, or nothing is written: a full or
read-only disk only costs the next start the import again).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tempfile
from datetime import date
from pathlib import Path

from tsj_desk.domain import holiday_source
from tsj_desk.domain.holiday_source import YearFacts

FORMAT = 1  # of the file below; a change of it is a new key


def package_key() -> str | None:
    """A key of the installed package's answers for Russia: a digest of its version
    module and its Russia module (read as files, without importing the package), or
    None where they are not files."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    try:
        for part in ("version.py", "countries/russia.py"):
            digest.update((folder / part).read_bytes())
    except OSError:
        return None
    return digest.hexdigest()[:16]


class StoredSource:
    """``holiday_source.HolidaySource`` over a file of the package's answers."""

    def __init__(self, folder: Path, key: str):
        self.path = folder / f"calendar-ru-{key}.json"
        self._years: dict[int, YearFacts] = {}
        self._decree: tuple[int, int] | None = None
        self._read()

    def _read(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            years = {int(y): YearFacts({date.fromisoformat(d): str(n) for d, n in facts["names"].items()},
                                       frozenset(date.fromisoformat(d) for d in facts["weekend_workdays"]))
                     for y, facts in data["years"].items()}
            decree = data.get("decree_years")
            self._decree = (int(decree[0]), int(decree[1])) if decree else None
        except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError):
            return  # no file, or not one of ours: the package answers
        self._years = years

    def _write(self) -> None:
        data = {"format": FORMAT,
                "decree_years": list(self._decree) if self._decree else None,
                "years": {str(y): {"names": {d.isoformat(): n for d, n in sorted(f.names.items())},
                                   "weekend_workdays": sorted(d.isoformat() for d in f.weekend_workdays)}
                          for y, f in sorted(self._years.items())}}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".calendar-", suffix=".part")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(data, out, ensure_ascii=False)
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            pass  # the next start asks the package again

    def year(self, year: int) -> YearFacts:
        facts = self._years.get(year)
        if facts is None:
            facts = self._years[year] = holiday_source.PACKAGE.year(year)
            self._write()
        return facts

    def decree_years(self) -> tuple[int, int]:
        if self._decree is None:
            self._decree = holiday_source.PACKAGE.decree_years()
            self._write()
        return self._decree


def use_stored(folder: Path) -> None:
    """Let the calendar read the package's answers from ``folder`` (the entry points do,
    with the user's cache folder); nothing changes where the package can't be keyed."""
    key = package_key()
    if key is not None:
        holiday_source.use(StoredSource(folder, key))


def cache_folder() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tsj-desk", appauthor=False))
