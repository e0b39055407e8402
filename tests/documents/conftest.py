"""Helpers for the .docx tests: build small templates, read every text back."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT_PARTS = ("word/document.xml", "word/header", "word/footer")


def docx_paragraphs(path: Path, parts: tuple[str, ...] = TEXT_PARTS) -> list[str]:
    """The text of every paragraph of the body, tables, headers and footers.

    Read straight from the package, so that nothing python-docx skips is missed.
    A ``w:br`` reads as a newline.
    """
    texts = []
    with zipfile.ZipFile(path) as package:
        for name in sorted(package.namelist()):
            if not name.startswith(parts) or not name.endswith(".xml"):
                continue
            root = etree.fromstring(package.read(name))
            for p in root.iter(f"{W}p"):
                pieces = []
                for node in p.iter(f"{W}t", f"{W}br"):
                    pieces.append("\n" if node.tag == f"{W}br" else (node.text or ""))
                texts.append("".join(pieces))
    return texts


def docx_text(path: Path) -> str:
    return "\n".join(docx_paragraphs(path))


@pytest.fixture
def read_text():
    return docx_text


@pytest.fixture
def read_paragraphs():
    return docx_paragraphs
