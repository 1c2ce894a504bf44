"""import_vpr: the --dry-run --json contract, all-or-nothing writes, re-imports replacing a school's results."""
import json
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from monitoring.vpr.models import VprImport, VprResult, VprRound
from monitoring.vpr.samples import csv_bytes, fis_rows, raw_dump_rows, xlsx_bytes

from .conftest import small_schools

pytestmark = pytest.mark.django_db
META = {"year": 2026, "subject": "Русский язык", "grade": 4}


def _run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_vpr", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def fis_file(tmp_path):
    path = tmp_path / "Индивидуальные результаты.xlsx"
    path.write_bytes(xlsx_bytes(fis_rows(**META, schools=small_schools())))
    return path


def test_dry_run_json_is_exactly_the_contract(logins, fis_file):
    data = json.loads(_run(str(fis_file), "--dry-run", "--json"))
    assert set(data) == {"year", "subject", "grade", "participants", "schools", "warnings"}
    assert (data["year"], data["subject"], data["grade"], data["participants"]) == (2026, "Русский язык", 4, 7)
    assert data["schools"] == [
        {"code": "edu420001", "name": "МБОУ «СОШ № 1»", "participants": 4, "lowered": 1, "confirmed": 1,
         "raised": 1, "without_journal_mark": 1},
        {"code": "edu420002", "name": "МБОУ «СОШ № 2»", "participants": 2, "lowered": 0, "confirmed": 1,
         "raised": 0, "without_journal_mark": 1},
        {"code": "edu999999", "name": "МБОУ «Неизвестная СОШ»", "participants": 1, "lowered": 1, "confirmed": 0,
         "raised": 0, "without_journal_mark": 0},
    ]
    assert any("edu999999" in w and "не найдена в портале" in w for w in data["warnings"])
    assert all(isinstance(w, str) for w in data["warnings"])
    assert not VprRound.objects.exists() and not VprResult.objects.exists()


def test_raw_dump_dry_run_uses_the_scale(logins, tmp_path):
    path = tmp_path / "ВПР 2026 Русский язык 4 класс.csv"
    path.write_bytes(csv_bytes(raw_dump_rows(schools=small_schools()), encoding="cp1251"))
    data = json.loads(_run(str(path), "--dry-run", "--json", "--scale", "0-6:2,7-11:3,12-17:4,18-24:5"))
    assert data["schools"][0]["code"] == "edu420001"
    assert (data["schools"][0]["lowered"], data["schools"][0]["raised"]) == (1, 1)


def test_import_writes_matched_schools_and_records_the_event(logins, fis_file):
    output = _run(str(fis_file))
    assert "Загружено" in output and "участников — 6" in output
    round_ = VprRound.objects.get()
    assert (round_.year, round_.subject, round_.grade, round_.max_score) == (2026, "Русский язык", 4, 24)
    assert VprResult.objects.filter(school=logins.home.school).count() == 4
    assert VprResult.objects.filter(school=logins.home.other_school).count() == 2
    result = VprResult.objects.get(school=logins.home.school, code="3")
    assert (result.class_number, result.primary_score, result.mark, result.journal_mark) == ("2", 3, 2, 3)
    record = VprImport.objects.get()
    assert (record.schools, record.participants, record.layout) == (2, 6, "fis_individual")


def test_reimport_replaces_a_schools_results(logins, fis_file, tmp_path):
    _run(str(fis_file))
    schools = small_schools()[:1]
    schools[0]["pupils"] = schools[0]["pupils"][:1]
    again = tmp_path / "again.xlsx"
    again.write_bytes(xlsx_bytes(fis_rows(**META, schools=schools)))
    _run(str(again))
    assert VprRound.objects.count() == 1
    assert VprResult.objects.filter(school=logins.home.school).count() == 1
    assert VprResult.objects.filter(school=logins.home.other_school).count() == 2  # not in the new file: kept


def test_all_or_nothing(logins, fis_file):
    with mock.patch("monitoring.vpr.services.VprImport.objects.create", side_effect=RuntimeError("диск полон")):
        with pytest.raises(RuntimeError):
            _run(str(fis_file))
    assert not VprRound.objects.exists() and not VprResult.objects.exists()


def test_bad_file_is_a_russian_error_with_row_and_column(logins, tmp_path):
    rows = fis_rows(**META, schools=small_schools())
    rows[7][6] = "два"  # first pupil, task 1
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx_bytes(rows))
    with pytest.raises(CommandError, match=r"Файл «bad.xlsx», лист «Индивидуальные результаты», строка 8, "
                                           r"столбец «1 \(2б\)» \(G\): балл за задание — не число"):
        _run(str(path))
    assert not VprResult.objects.exists()


def test_no_school_in_the_portal(world, fis_file):
    with pytest.raises(CommandError, match="Ни одна школа файла не найдена"):
        _run(str(fis_file))


def test_bulk_path_writes_the_same_rows(logins, fis_file, monkeypatch):
    """PostgreSQL takes the COPY path above a threshold; both paths must store the same values."""
    from monitoring.vpr import services

    monkeypatch.setattr(services, "COPY_THRESHOLD", 1)
    _run(str(fis_file))
    rows = {(r.school_id, r.code): (r.class_number, r.variant, r.task_scores, r.primary_score, r.mark, r.journal_mark)
            for r in VprResult.objects.all()}
    assert rows[(logins.home.school.pk, "2")] == ("1", "1", [2, 2, 3, 2, 1, None, None, None, None, None, None],
                                                  10, 3, None)
    assert rows[(logins.home.school.pk, "1")][5] == 4
    assert len(rows) == 6


def test_stored_school_figures_equal_a_recount_from_the_rows(logins, tmp_path):
    """What the import stores per school (from the file) equals what the database recounts from the rows."""
    import random

    from monitoring.vpr.models import VprSchoolResult
    from monitoring.vpr.samples import pupil
    from monitoring.vpr.services import school_results_refresh

    rng = random.Random(3)
    schools = [{"login": login, "name": login, "pupils": [
        pupil(n, score, 2 + score // 7, rng.choice([2, 3, 4, 5, None])) for n, score in
        enumerate((rng.randint(0, 24) for _ in range(40)), start=1)]} for login in ("edu420001", "edu420002")]
    path = tmp_path / "random.xlsx"
    path.write_bytes(xlsx_bytes(fis_rows(**META, schools=schools)))
    _run(str(path))
    fields = ("school_id", "total", "compared", "lowered", "confirmed", "raised", "without", "m2", "m3", "m4", "m5",
              "score_sum", "score_sq_sum")
    stored = sorted(VprSchoolResult.objects.values_list(*fields, "rho"))
    school_results_refresh(round_=VprRound.objects.get())
    recounted = sorted(VprSchoolResult.objects.values_list(*fields, "rho"))
    assert [row[:-1] for row in stored] == [row[:-1] for row in recounted]
    assert [row[-1] for row in stored] == [pytest.approx(row[-1], abs=1e-9) for row in recounted]
    assert stored[0][1] == 40


@pytest.mark.parametrize("participant,fields", [
    (("7", "4А", "1", (1, None, 3), 4, 3, None), ["7", "4А", "1", "[1,null,3]", "4", "3", "\\N"]),
    (("8", "4", "2", (None,), 0, 2, 5), ["8", "4", "2", "[null]", "0", "2", "5"]),
    (("9", "4", "2", (), 12, 4, 4), ["9", "4", "2", "[]", "12", "4", "4"]),
    (("1\\2", "5\\Б", "var\\1", (0, 0), 0, 2, 3), ["1\\\\2", "5\\\\Б", "var\\\\1", "[0,0]", "0", "2", "3"]),
])
def test_copy_lines_in_the_text_format(participant, fields):
    """One line per participant: tab-separated, scores as a JSON array, \\N for no journal mark, backslashes doubled."""
    from monitoring.vpr.services import _copy_text

    pieces = list(_copy_text(3, [(17, [participant]), (18, []), (19, [participant, participant])]))
    line = "\t".join(["3", "17", *fields]) + "\n"
    assert pieces == [line, 2 * line.replace("\t17\t", "\t19\t", 1)]
    scores = json.loads(fields[3])
    assert scores == list(participant[3])


def test_the_keys_django_keeps_without_database_constraints(logins, fis_file):
    """vpr_vprresult has no foreign-key constraints in the database (a million-row COPY checked them row by row):
    Django still refuses to delete a school with results and removes a round's results with the round."""
    from django.db.models import ProtectedError

    _run(str(fis_file))
    school = logins.home.school
    assert VprResult.objects.filter(school=school).count() == 4
    with pytest.raises(ProtectedError) as caught:
        school.delete()
    assert {type(obj) for obj in caught.value.protected_objects} >= {VprResult}
    assert VprResult.objects.filter(school=school).count() == 4
    VprRound.objects.get().delete()
    assert not VprResult.objects.exists()
