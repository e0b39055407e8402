"""Several letters of one template in one .docx, one letter a page, to print at once.

The first letter is the base (its styles, page setup and footer serve all); the body
of each next letter follows on a new page (``w:pageBreakBefore`` on its first
paragraph, or a page-break paragraph before a table). The letters carry no pictures
or links of their own (relationship ids would not travel); one that does is refused.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

from tsj_desk.documents.docx_parts import page_break_paragraph
from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.private_files import save_private

_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_IDS = (f"{{{_W14}}}paraId", f"{{{_W14}}}textId")


def _refers_to_parts(element) -> bool:
    return any(key.startswith(f"{{{_R}}}") for node in element.iter() for key in node.attrib)


def _start_on_new_page(paragraph) -> None:
    """``w:pageBreakBefore`` on ``paragraph`` (after pStyle, keepNext, keepLines, as
    the schema orders them)."""
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement

    p_pr = paragraph.get_or_add_pPr()
    if p_pr.find(qn("w:pageBreakBefore")) is not None:
        return
    flag = OxmlElement("w:pageBreakBefore")
    anchor = None
    for name in ("w:pStyle", "w:keepNext", "w:keepLines"):
        found = p_pr.find(qn(name))
        if found is not None:
            anchor = found
    if anchor is None:
        p_pr.insert(0, flag)
    else:
        anchor.addnext(flag)


def combine_letters(paths: list[Path], out: Path) -> int:
    """Write the letters ``paths`` (same template) into ``out``, each from a new page;
    the number of letters."""
    from docx import Document
    from docx.oxml.ns import qn

    if not paths:
        raise ValidationFailed("Нет писем, которые можно собрать в один файл.")
    base = Document(str(paths[0]))
    body = base.element.body
    section = body.find(qn("w:sectPr"))
    for path in paths[1:]:
        other = Document(str(path)).element.body
        parts = [deepcopy(child) for child in other if child.tag != qn("w:sectPr")]
        if any(_refers_to_parts(part) for part in parts):
            raise ValidationFailed(f"Письмо «{Path(path).name}» содержит рисунки или ссылки: "
                                   "такие письма печатайте по одному.")
        for part in parts:
            for node in part.iter():
                for key in _IDS:
                    node.attrib.pop(key, None)
        if parts and parts[0].tag == qn("w:p"):
            _start_on_new_page(parts[0])
        else:
            parts.insert(0, page_break_paragraph())
        for part in parts:
            if section is not None:
                section.addprevious(part)
            else:
                body.append(part)
    save_private(Path(out), base.save)
    return len(paths)
