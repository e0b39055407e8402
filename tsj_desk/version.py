"""The program's version: one place, ``version`` in pyproject.toml.

An installed program (a wheel, ``uv run``, the frozen build, which carries the package's
metadata) reads it from its metadata; a bare checkout that was never installed reads
pyproject.toml beside the package.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DISTRIBUTION = "tsj-desk"
PRODUCT = "ТСЖ Деск"


@cache
def version() -> str:
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    pyproject = Path(__file__).resolve().parents[1] / "pyproject.toml"
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError:
        return "0+неизвестна"
    found = re.search(r'(?m)^version\s*=\s*"([^"]+)"', text)
    return found.group(1) if found else "0+неизвестна"


def version_line() -> str:
    """What ``tsj-desk --version`` prints."""
    return f"{PRODUCT} {version()}"
