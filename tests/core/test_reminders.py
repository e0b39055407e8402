"""Verification reminders: one notice per premise with its meters, the template's fields,
ОДПУ left out, cancelling leaves no letters behind."""

from __future__ import annotations

import threading
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from docx import Document

from tsj_desk.documents.reminders import (
    VERIFICATION_FIELDS,
    VERIFICATION_TEMPLATE,
    verification_state,
)
from tsj_desk.documents.templates import SHIPPED_TEMPLATES_DIR, TemplateProblem, template_placeholders
from tsj_desk.domain.errors import ValidationFailed
from tsj_desk.domain.meters import Resource
from tsj_desk.services import readings
from tsj_desk.services.importing import Cancelled
from tsj_desk.services.readings import MeterInput
from tsj_desk.services.registry import import_registry
from tsj_desk.services.reminders import letter_name, verification_letters

from tests.conftest import TODAY

NOW = datetime(2026, 11, 24, 12, 0)


def docx_text(path: Path) -> str:
    document = Document(path)
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def meters(db, samples):
    """Flat 1: two meters running out (one expired); flat 2 (two owners): one; an ОДПУ."""
    import_registry(samples / "registry_simple.xlsx", now=NOW)
    from tsj_desk.storage.models import House

    house = House.select().first().id
    ids = {
        "cold1": readings.add_meter(MeterInput(Resource.COLD_WATER, "ХВ-101", "1", place="кухня",
                                               verified_on=date(2020, 12, 10), interval_years=6), now=NOW),
        "hot1": readings.add_meter(MeterInput(Resource.HOT_WATER, "ГВ-102", "1", place="ванная",
                                              verified_on=date(2020, 10, 1), interval_years=6), now=NOW),
        "power2": readings.add_meter(MeterInput(Resource.ELECTRICITY, "Э-201", "2", tariffs=2,
                                                verified_on=date(2010, 12, 31), interval_years=16), now=NOW),
        "common": readings.add_meter(MeterInput(Resource.HEAT, "ОДПУ-1", house_id=house,
                                                verified_on=date(2022, 12, 1), interval_years=4), now=NOW),
    }
    return ids


def test_one_letter_per_premise_lists_its_meters_with_dates(meters, tmp_path):
    due = readings.verification_due(today=TODAY, within_days=60)
    assert {d.serial for d in due} == {"ХВ-101", "ГВ-102", "Э-201", "ОДПУ-1"}
    out = tmp_path / "письма"
    done = []
    paths = verification_letters([d.meter_id for d in due], out, today=TODAY,
                                 progress=lambda n, total: done.append((n, total)))
    assert [p.name for p in paths] == ["Уведомление о поверке, пом. 1.docx",
                                       "Уведомление о поверке, пом. 2.docx"]
    assert done == [(1, 2), (2, 2)]
    first = docx_text(paths[0])
    assert "Абрамов Николай Петрович" in first
    assert "ХВ-101" in first and "10.12.2026" in first and "истекает через 16 дней" in first
    assert "ГВ-102" in first and "01.10.2026" in first and "истёк" in first
    assert "кухня" in first and "Холодная вода" in first and "от 24.11.2026" in first
    assert first.index("ГВ-102") < first.index("ХВ-101")  # the earliest date first
    assert "Э-201" not in first and "ОДПУ-1" not in first
    second = docx_text(paths[1])
    assert "Белкина Ирина Олеговна, Белкин Олег Юрьевич" in second
    assert "Э-201" in second and "31.12.2026" in second and "ХВ-101" not in second
    for path in paths:
        assert "{{" not in docx_text(path)


def test_only_common_meters_are_refused_and_nothing_is_written(meters, tmp_path):
    with pytest.raises(ValidationFailed, match="ОДПУ"):
        verification_letters([meters["common"]], tmp_path / "письма", today=TODAY)
    assert not (tmp_path / "письма").exists()
    with pytest.raises(ValidationFailed):
        verification_letters([], tmp_path, today=TODAY)


def test_cancelling_removes_the_letters_of_the_run(meters, tmp_path):
    cancel = threading.Event()

    def progress(done, total):
        cancel.set()  # the user presses «Отмена» after the first letter

    with pytest.raises(Cancelled):
        verification_letters([meters["cold1"], meters["power2"]], tmp_path, today=TODAY,
                             progress=progress, cancel=cancel)
    assert list(tmp_path.glob("*.docx")) == []


def test_the_users_template_wins_and_an_unknown_field_is_named(meters, tmp_path, data_folder):
    from tsj_desk.services.letters import templates_dir

    user_dir = templates_dir()
    user_dir.mkdir(parents=True, exist_ok=True)
    document = Document(SHIPPED_TEMPLATES_DIR / VERIFICATION_TEMPLATE)
    document.add_paragraph("Фаза луны: {{ lunar_phase }}")
    document.save(user_dir / VERIFICATION_TEMPLATE)
    with pytest.raises(TemplateProblem, match="lunar_phase"):
        verification_letters([meters["cold1"]], tmp_path / "out", today=TODAY)
    assert not list((tmp_path / "out").glob("*.docx"))


def test_the_template_uses_exactly_the_declared_fields_and_is_what_the_script_builds(tmp_path):
    import importlib.util

    assert template_placeholders(SHIPPED_TEMPLATES_DIR / VERIFICATION_TEMPLATE) == VERIFICATION_FIELDS
    script = SHIPPED_TEMPLATES_DIR / "build_templates.py"
    spec = importlib.util.spec_from_file_location("build_templates", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    [built] = module.build_readings(tmp_path)
    with zipfile.ZipFile(built) as new, zipfile.ZipFile(SHIPPED_TEMPLATES_DIR / built.name) as old:
        assert new.namelist() == old.namelist()
        for name in new.namelist():
            assert new.read(name) == old.read(name), f"{name} differs: run build_templates.py"


def test_state_and_file_names():
    assert verification_state(date(2026, 12, 10), TODAY) == "истекает через 16 дней"
    assert verification_state(date(2026, 11, 25), TODAY) == "истекает через 1 день"
    assert verification_state(TODAY, TODAY) == "истекает сегодня"
    assert verification_state(date(2025, 1, 1), TODAY) == "истёк"
    assert letter_name("Н-1") == "Уведомление о поверке, пом. Н-1.docx"
    assert letter_name("12/3") == "Уведомление о поверке, пом. 12-3.docx"
