"""The command line run inside a test, and the bases it makes.

``run(capsys, ...)`` is ``tsj-desk ...`` in this process under the suite's fixed clock:
the exit code (argparse's own refusals too), what went to stdout and to stderr.
"""

from __future__ import annotations

from pathlib import Path

from tsj_desk.cli import main

from tests.conftest import SAMPLES


def run(capsys, *args) -> tuple[int, str, str]:
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:  # argparse refuses bad arguments itself
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def register_base(tmp_path: Path, capsys, db: Path | str | None = None) -> Path | str:
    """A fresh base with premises 1–6 and Н-1 and their owners, made by the register import
    (into ``db``, a file or a server base's URL: the ``db_target`` fixture)."""
    db = tmp_path / "офис.sqlite3" if db is None else db
    code, _, err = run(capsys, "import-registry", SAMPLES / "registry_simple.xlsx", "--db", db)
    assert code == 0, err
    return db
