"""Where a template comes from: the shipped folder, the user's folder that overrides it."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tsj_desk.documents.templates_fields import TemplateProblem
from tsj_desk.domain.errors import FileProblem

SHIPPED_TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "resources" / "templates"


# --------------------------------------------------------------------------- lookup


@dataclass(frozen=True)
class TemplateInfo:
    """Which file serves a template: for the settings page."""

    name: str
    path: Path
    is_user: bool


def find_template(name: str, user_dir: Path | Sequence[Path] | None = None) -> Path:
    """The file for template ``name``: the user's copy wins over the shipped one."""
    return template_info(name, user_dir).path


def template_info(name: str, user_dir: Path | Sequence[Path] | None = None) -> TemplateInfo:
    if Path(name).name != name or not name.lower().endswith(".docx"):
        raise ValueError(f"template name must be a bare .docx file name: {name!r}")
    # several folders: the first holding the file wins (the base's templates, then this PC's)
    folders = () if user_dir is None else (user_dir,) if isinstance(user_dir, (str, Path)) else user_dir
    for folder in folders:
        candidate = Path(folder) / name
        if candidate.is_file():
            return TemplateInfo(name, candidate, True)
    shipped = SHIPPED_TEMPLATES_DIR / name
    if shipped.is_file():
        return TemplateInfo(name, shipped, False)
    raise TemplateProblem(
        f"Шаблон «{name}» не найден ни в папке шаблонов пользователя, ни среди "
        f"шаблонов программы. Положите файл «{name}» в папку шаблонов или "
        f"переустановите программу.",
        template=name,
    )


def list_templates(user_dir: Path | Sequence[Path] | None = None) -> list[TemplateInfo]:
    """Every shipped template and the file that serves it, by name."""
    names = sorted(p.name for p in SHIPPED_TEMPLATES_DIR.glob("*.docx") if not p.name.startswith("~$"))
    return [template_info(name, user_dir) for name in names]


def copy_template_to_user_dir(name: str, user_dir: Path) -> Path:
    """Copy the shipped template into the user's folder for editing; keeps an existing copy."""
    target = Path(user_dir) / name
    if target.exists():
        return target
    source = template_info(name, None).path
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    except OSError as error:
        raise FileProblem(
            f"Не удалось скопировать шаблон «{name}» в папку «{target.parent}»: {error.strerror or error}."
        ) from error
    return target
