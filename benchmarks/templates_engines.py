"""Our .docx template engine against docxtpl: speed, edited templates, size.

It prints:

* speed — each shipped template (acts, letters, notices) filled ``--repeat`` times
  (200 by default) by ``tsj_desk.documents.templates.render_template`` and by docxtpl,
  the median of one fill and save. docxtpl needs Jinja syntax, so each template is
  converted first (our ``{{ for p in list }}`` row marker becomes a ``{%tr for %}`` row
  before and a ``{%tr endfor %}`` row after; ``blank_rows`` has no counterpart);
* edited templates — a template as a user leaves it after editing in Word (a field
  split over three runs with different formatting and spelling marks between them, a
  repeated table row, fields in the header and the footer, a field with line breaks)
  and the same file re-saved by LibreOffice; plus each shipped template re-saved by
  LibreOffice. Both engines fill each; the result goes through LibreOffice to PDF and
  pdftoppm to PNG (in the output folder) and the PDF text is checked for what a user
  would notice: a value missing, braces left on paper, line breaks lost;
* size — the installed size of what docxtpl brings that the project does not have.

Run (docxtpl only in a throwaway environment, never a project dependency):
``uv run --with docxtpl python benchmarks/templates_engines.py [--repeat N] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import re
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from copy import deepcopy
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from docx import Document  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402

from tsj_desk.documents.templates import (  # noqa: E402
    LINE,
    SHIPPED_TEMPLATES_DIR,
    render_template,
    template_placeholders,
)

SAMPLE = {
    "applicant_name": "Петрова Анна Сергеевна",
    "org_name": "ТСЖ «Берёзовая роща»",
    "out_no": "Исх-17/2026",
    "answer_text": "Первая строка ответа.\nВторая строка ответа.",
}
ITEM_FIELDS = {
    "participants": ("p", {"name": "Сидоров И. И.", "role": "слесарь"}),
    "items": ("item", {"name": "Потолок", "damage": "пятно", "extent": "2 м²"}),
    "meters": (
        "m",
        {"serial": "ХВ-123456", "resource": "холодная вода", "place": "кухня", "due_date": "01.12.2026", "state": "срок"},
    ),
}


# --------------------------------------------------------------------------- context


def context_for(names: set[str]) -> dict:
    """A value for each plain field (its own name in Russian-ish text) and two items per list."""
    context: dict = {}
    for name in names:
        if "[]" in name:
            continue
        if name in ITEM_FIELDS:
            _, item = ITEM_FIELDS[name]
            context[name] = [dict(item), {k: v + " 2" for k, v in item.items()}]
        else:
            context[name] = SAMPLE.get(name, f"знач_{name}")
    return context


# --------------------------------------------------------------------------- docxtpl conversion

_MARKER = re.compile(r"\{\{\s*for\s+(\w+)\s+in\s+(\w+)[^}]*\}\}")


def _row_with_text(row, text: str):
    """A copy of ``row`` whose first cell says ``text`` and the others nothing."""
    new = deepcopy(row)
    for t in new.iter(qn("w:t")):
        t.text = ""
    first = next(new.iter(qn("w:t")), None)
    if first is not None:
        first.text = text
    return new


def to_jinja(src: Path, dst: Path) -> None:
    """Our row marker becomes docxtpl's ``{%tr for %}`` / ``{%tr endfor %}`` rows."""
    doc = Document(str(src))
    body = doc.element.body
    for row in list(body.iter(qn("w:tr"))):
        text = "".join(t.text or "" for t in row.iter(qn("w:t")))
        found = _MARKER.search(text)
        if not found:
            continue
        var, lst = found.groups()
        for t in row.iter(qn("w:t")):
            if t.text:
                t.text = _MARKER.sub("", t.text)
        row.addprevious(_row_with_text(row, f"{{%tr for {var} in {lst} %}}"))
        row.addnext(_row_with_text(row, "{%tr endfor %}"))
    doc.save(str(dst))


# --------------------------------------------------------------------------- engines


def fill_ours(template: Path, context: dict, out: Path) -> None:
    render_template(template, context, out, blank=LINE)


def fill_docxtpl(template: Path, context: dict, out: Path) -> None:
    from docxtpl import DocxTemplate

    doc = DocxTemplate(str(template))
    doc.render(context)
    doc.save(str(out))


# --------------------------------------------------------------------------- Word-like edit


def _split_run(paragraph, pieces: list[tuple[str, dict]]) -> None:
    """Replace the paragraph's runs by ``pieces`` (text, formatting) with Word's spelling marks between."""
    p = paragraph._p
    for r in list(p.iter(qn("w:r"))):
        r.getparent().remove(r)
    for index, (text, fmt) in enumerate(pieces):
        run = paragraph.add_run(text)
        run.bold = fmt.get("bold")
        run.italic = fmt.get("italic")
        if index < len(pieces) - 1:
            mark = p.makeelement(qn("w:proofErr"), {qn("w:type"): "spellStart" if index == 0 else "spellEnd"})
            run._r.addnext(mark)


def word_edit(jinja: bool, dst: Path, cyrillic: bool = False) -> None:
    """A letter as a user makes it in Word: split fields, a repeated row, header and footer fields."""
    doc = Document()
    name = "заявитель" if cyrillic else "applicant_name"
    section = doc.sections[0]
    _split_run(section.header.paragraphs[0], [("{{ org", {}), ("_na", {"bold": True}), ("me }}", {})])
    _split_run(section.footer.paragraphs[0], [("Исх. № {", {}), ("{ out_no }", {"italic": True}), ("}", {})])
    _split_run(
        doc.add_paragraph(),
        [("Заявитель: {{ ", {}), (name[:4], {"bold": True}), (name[4:] + " }}", {"bold": True, "italic": True})],
    )
    doc.add_paragraph("{{ answer_text }}")
    table = doc.add_table(rows=1, cols=3)
    for cell, text in zip(table.rows[0].cells, ("№", "Номер счётчика", "Срок поверки")):
        cell.text = text
    if jinja:
        table.add_row().cells[0].text = "{%tr for m in meters %}"
        row = table.add_row().cells
        row[0].text = "{{ loop.index }}"
    else:
        row = table.add_row().cells
        row[0].text = "{{ for m in meters }}{{ loop.index }}"
    _split_run(row[1].paragraphs[0], [("{{ m.se", {}), ("rial }}", {"bold": True})])
    row[2].text = "{{ m.due_date }}"
    if jinja:
        table.add_row().cells[0].text = "{%tr endfor %}"
    doc.save(str(dst))


WORD_CONTEXT = {
    "applicant_name": SAMPLE["applicant_name"],
    "заявитель": SAMPLE["applicant_name"],
    "org_name": SAMPLE["org_name"],
    "out_no": SAMPLE["out_no"],
    "answer_text": SAMPLE["answer_text"],
    "meters": [dict(ITEM_FIELDS["meters"][1]), {**ITEM_FIELDS["meters"][1], "serial": "ГВ-654321"}],
}


# --------------------------------------------------------------------------- LibreOffice


def soffice(src: Path, fmt: str, outdir: Path) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".lo-profile"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", fmt, "--outdir", str(outdir), str(src)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return outdir / (src.stem + "." + fmt.split(":")[0])


def runs_of(path: Path) -> int:
    return zipfile.ZipFile(path).read("word/document.xml").count(b"<w:r>") + zipfile.ZipFile(path).read(
        "word/document.xml"
    ).count(b"<w:r ")


def seen_text(docx: Path, outdir: Path) -> str:
    pdf = soffice(docx, "pdf", outdir)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(pdf.with_suffix(""))], check=True)
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def verdict(text: str, expected: list[str], lines_apart: tuple[str, str] | None) -> str:
    problems = [f"нет «{value}»" for value in expected if value not in text]
    if "{{" in text or "{%" in text or "}}" in text:
        problems.append("скобки на бумаге")
    if lines_apart:
        a, b = lines_apart
        if any(a in line and b in line for line in text.splitlines()):
            problems.append("переносы строк потеряны")
    return "ok" if not problems else "; ".join(problems)


def fill_and_see(engine: str, template: Path, context: dict, outdir: Path, expected, lines_apart=None) -> str:
    outdir.mkdir(parents=True, exist_ok=True)
    out = outdir / f"{template.stem}-{engine}.docx"
    try:
        (fill_ours if engine == "ours" else fill_docxtpl)(template, context, out)
    except Exception as error:  # noqa: BLE001 - the benchmark reports any refusal
        return f"отказ: {type(error).__name__}: {str(error)[:90]}"
    return verdict(seen_text(out, outdir / "pdf"), expected, lines_apart)


# --------------------------------------------------------------------------- size


def added_size() -> list[tuple[str, str, float]]:
    """docxtpl and its requirements that the project's environment does not already hold."""
    project_site = next((Path(__file__).resolve().parents[1] / ".venv").glob("lib/python*/site-packages"))
    have = {d.metadata["Name"].lower().replace("_", "-") for d in md.distributions(path=[str(project_site)])}
    rows, todo, seen = [], ["docxtpl"], set()
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        seen.add(key)
        dist = md.distribution(name)
        location = Path(str(dist.locate_file("")))
        for req in dist.requires or []:
            if "extra ==" not in req:
                todo.append(re.split(r"[ ;<>=!~\[(]", req, maxsplit=1)[0])
        if key in have:
            continue  # the project has it already
        size = sum((location / f).stat().st_size for f in dist.files or [] if (location / f).exists())
        rows.append((dist.metadata["Name"], dist.version, size / 1e6))
    return rows


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="tpl-engines-"))
    out.mkdir(parents=True, exist_ok=True)
    shipped = sorted(SHIPPED_TEMPLATES_DIR.glob("*.docx"))

    print(f"Speed: one fill and save, median of {args.repeat}")
    print(f"{'template':28} {'ours':>9} {'docxtpl':>9}")
    for template in shipped:
        context = context_for(template_placeholders(template))
        jinja = out / f"{template.stem}-jinja.docx"
        to_jinja(template, jinja)
        times = {}
        for engine, fill, src in (("ours", fill_ours, template), ("docxtpl", fill_docxtpl, jinja)):
            samples = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                fill(src, context, out / "speed.docx")
                samples.append(time.perf_counter() - start)
            times[engine] = statistics.median(samples) * 1000
        print(f"{template.name:28} {times['ours']:7.1f}ms {times['docxtpl']:7.1f}ms")

    print("\nEdited templates: what the PDF shows (ok = every value, no braces, line breaks kept)")
    cases = []
    for jinja in (False, True):
        tag = "jinja" if jinja else "ours"
        word = out / f"word-edit-{tag}.docx"
        word_edit(jinja, word)
        cases.append(("Word: split runs, row, header, footer", tag, word))
        lo = soffice(word, "docx:MS Word 2007 XML", out / f"lo-{tag}")
        cases.append(("the same re-saved by LibreOffice", tag, lo))
        cyr = out / f"word-cyrillic-{tag}.docx"
        word_edit(jinja, cyr, cyrillic=True)
        cases.append(("Word: field «{{ заявитель }}»", tag, cyr))
    expected = [SAMPLE["applicant_name"], SAMPLE["org_name"], SAMPLE["out_no"], "ХВ-123456", "ГВ-654321", "01.12.2026"]
    print(f"{'case':40} {'engine':8} result")
    for label, tag, path in cases:
        engine = "ours" if tag == "ours" else "docxtpl"
        result = fill_and_see(engine, path, WORD_CONTEXT, out / "filled", expected, ("Первая строка", "Вторая строка"))
        print(f"{label:40} {engine:8} {result}   (runs in body: {runs_of(path)})")

    for template in shipped:
        context = context_for(template_placeholders(template))
        jinja = out / f"{template.stem}-jinja.docx"
        lo_ours = soffice(template, "docx:MS Word 2007 XML", out / "lo-shipped-ours")
        lo_jinja = soffice(jinja, "docx:MS Word 2007 XML", out / "lo-shipped-jinja")
        expected = [v for v in context.values() if isinstance(v, str) and "\n" not in v][:40]
        for engine, path in (("ours", lo_ours), ("docxtpl", lo_jinja)):
            result = fill_and_see(engine, path, context, out / f"filled-lo-{engine}", expected)
            print(f"LibreOffice re-save of {template.name:26} {engine:8} {result}   (runs: {runs_of(path)} vs {runs_of(template)})")

    print("\nSize docxtpl adds (installed, not already in the project):")
    total = 0.0
    for name, version, mb in added_size():
        total += mb
        print(f"  {name} {version}: {mb:.2f} MB")
    print(f"  total: {total:.2f} MB")
    print(f"\nFiles and PNG pages: {out}")


if __name__ == "__main__":
    main()
