"""Schools from an Excel list: an upsert by (municipality, short name), all or nothing, reported row by row.

Columns (the same as the «Школы» export): Муниципалитет, Полное наименование, Краткое наименование,
Руководитель, Сайт, Электронная почта, and optionally Действует (да/нет). A column left out is not
changed; an empty cell clears the field. One refused row and nothing is written.
"""
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from openpyxl.utils import get_column_letter

from core.hooks import task_sources_changed
from core.uploads import XLSX, validate_upload

from .models import Municipality, School
from .roles import user_scope
from .selectors import municipalities_changeable_by

FIELDS = {  # field -> (label, accepted header spellings)
    "municipality": ("Муниципалитет", ("муниципалитет", "муниципальное образование", "муниципальный округ")),
    "full_name": ("Полное наименование", ("полное наименование", "полное название", "полное наименование оо")),
    "short_name": ("Краткое наименование", ("краткое наименование", "краткое название", "сокращенное наименование",
                                            "краткое наименование оо")),
    "head_name": ("Руководитель", ("руководитель", "директор", "фио руководителя", "руководитель оо")),
    "website": ("Сайт", ("сайт", "адрес сайта", "официальный сайт")),
    "email": ("Электронная почта", ("электронная почта", "e-mail", "email", "эл. почта", "адрес электронной почты")),
    "is_active": ("Действует", ("действует", "действующая")),
}
REQUIRED = ("municipality", "short_name", "full_name")
MAX_LENGTHS = {"full_name": 500, "short_name": 200, "head_name": 200}
YES, NO = {"да", "1", "true", "истина", "+"}, {"нет", "0", "false", "ложь", "-"}
CHANGE_LABELS = {"full_name": "полное наименование", "head_name": "руководитель", "website": "сайт",
                 "email": "e-mail", "is_active": "действует"}
HEADER_SEARCH_ROWS = 20
MAX_ROWS = 50000


@dataclass
class RowOutcome:
    row: int
    municipality: str
    short_name: str
    action: str  # created, changed, unchanged, refused
    changes: list[str] = field(default_factory=list)
    reason: str = ""

    @property
    def label(self) -> str:
        if self.action == "refused":
            return f"отказ: {self.reason}"
        if self.action == "changed":
            return f"изменена ({', '.join(self.changes)})"
        return {"created": "создана", "unchanged": "без изменений"}[self.action]


@dataclass
class SchoolsImportReport:
    file_name: str
    rows: list[RowOutcome]
    written: bool

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def refused(self) -> int:
        return self.count("refused")


def _normal(text) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip().lower().replace("ё", "е").strip(" :*")


def _header(cells: list, file_name: str, number: int) -> dict[str, int] | None:
    names = {spelling: name for name, (_, spellings) in FIELDS.items() for spelling in spellings}
    found, unknown = {}, []
    for index, cell in enumerate(cells):
        key = _normal(cell)
        if key in names and names[key] not in found:
            found[names[key]] = index
        elif key:
            unknown.append(index)
    if "short_name" not in found or len(found) < 3:
        return None
    for index in unknown:
        raise ValidationError(f"Файл «{file_name}», строка {number}, столбец {get_column_letter(index + 1)} "
                              f"«{cells[index]}»: неизвестный столбец. Допустимы: "
                              f"{', '.join(label for label, _ in FIELDS.values())}.")
    for name in REQUIRED:
        if name not in found:
            raise ValidationError(f"Файл «{file_name}», строка {number}: нет столбца «{FIELDS[name][0]}».")
    return found


def _rows(file, file_name: str):
    import openpyxl

    try:
        file.seek(0)
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True, max_col=30), start=1):
            if number > MAX_ROWS:
                raise ValidationError(f"Файл «{file_name}»: больше {MAX_ROWS} строк.")
            yield number, ["" if v is None else str(v).strip() if not isinstance(v, float) or not v.is_integer()
                           else str(int(v)) for v in values]
        workbook.close()
    except ValidationError:
        raise
    except Exception as error:
        raise ValidationError(f"Файл «{file_name}» повреждён или не является книгой Excel: {error}.") from None


class _Row:
    """One row's values, checked column by column."""

    def __init__(self, cells: list[str], columns: dict[str, int], number: int):
        self.cells, self.columns, self.number = cells, columns, number

    def get(self, name: str) -> str | None:
        index = self.columns.get(name)
        if index is None:
            return None  # the column is not in the file: the field stays as it is
        return self.cells[index] if index < len(self.cells) else ""

    def where(self, name: str) -> str:
        return f"столбец {get_column_letter(self.columns[name] + 1)} «{FIELDS[name][0]}»"

    def values(self) -> dict:
        result = {}
        for name in ("full_name", "head_name", "website", "email", "is_active"):
            value = self.get(name)
            if value is None:
                continue
            if name in MAX_LENGTHS and len(value) > MAX_LENGTHS[name]:
                raise ValidationError(f"{self.where(name)}: длиннее {MAX_LENGTHS[name]} знаков")
            if name == "website" and value:
                value = value if re.match(r"https?://", value, re.I) else f"https://{value}"
                try:
                    URLValidator()(value)
                except ValidationError:
                    message = f"{self.where(name)}: «{self.get(name)}» — неправильный адрес сайта"
                    raise ValidationError(message) from None
            if name == "email" and value:
                try:
                    EmailValidator()(value)
                except ValidationError:
                    raise ValidationError(f"{self.where(name)}: «{value}» — неправильный адрес почты") from None
            if name == "is_active":
                if _normal(value) not in YES | NO:
                    raise ValidationError(f"{self.where(name)}: «{value}» — нужно «да» или «нет»")
                value = _normal(value) in YES
            result[name] = value
        return result


def schools_import(*, file, name: str, user=None, dry_run: bool = False) -> SchoolsImportReport:
    """Read ``file`` (XLSX) and upsert its schools within ``user``'s scope (everything when None)."""
    from django.core.files import File

    validate_upload(file if hasattr(file, "size") else File(file, name=name), allowed=(XLSX,),
                    max_bytes=settings.IMPORT_MAX_UPLOAD_BYTES)
    columns, outcomes, plans = None, [], []
    municipalities = {_normal(m.short_name): m for m in Municipality.objects.all()}
    municipalities.update({_normal(m.name): m for m in municipalities.values()})
    allowed = _allowed_municipalities(user)
    seen: dict[tuple[int, str], int] = {}
    rows = []
    for number, cells in _rows(file, name):
        if columns is None:
            if number > HEADER_SEARCH_ROWS:
                break
            columns = _header(cells, name, number)
            continue
        if any(cells):
            rows.append(_Row(cells, columns, number))
    if columns is None:
        raise ValidationError(f"Файл «{name}»: не найдена строка заголовка (Муниципалитет, Полное наименование, "
                              "Краткое наименование, ...).")
    existing = {(s.municipality_id, _normal(s.short_name)): s for s in School.objects.filter(
        municipality__in={m.pk for m in municipalities.values()})}
    for row in rows:
        outcome = RowOutcome(row.number, row.get("municipality") or "", row.get("short_name") or "", "refused")
        outcomes.append(outcome)
        try:
            municipality = municipalities.get(_normal(outcome.municipality))
            if not outcome.municipality:
                raise ValidationError(f"{row.where('municipality')}: не заполнено")
            if municipality is None:
                raise ValidationError(f"{row.where('municipality')}: муниципалитет «{outcome.municipality}» не найден")
            if allowed is not None and municipality.pk not in allowed:
                raise ValidationError(f"нет прав на школы муниципалитета «{municipality.short_name}»")
            if not outcome.short_name:
                raise ValidationError(f"{row.where('short_name')}: не заполнено")
            key = (municipality.pk, _normal(outcome.short_name))
            if key in seen:
                raise ValidationError(f"та же школа уже есть в строке {seen[key]}")
            seen[key] = row.number
            values = row.values()
            school = existing.get(key)
            if school is None:
                if not values.get("full_name"):
                    raise ValidationError(f"{row.where('full_name')}: не заполнено (школа новая)")
                outcome.action = "created"
                plans.append(School(municipality=municipality, short_name=outcome.short_name, **values))
            else:
                if "full_name" in values and not values["full_name"]:
                    raise ValidationError(f"{row.where('full_name')}: не заполнено")
                changed = [n for n, v in values.items() if getattr(school, n) != v]
                outcome.action, outcome.changes = ("changed", [CHANGE_LABELS[n] for n in changed]) if changed else (
                    "unchanged", [])
                for n in changed:
                    setattr(school, n, values[n])
                if changed:
                    plans.append(school)
        except ValidationError as error:
            outcome.reason = " ".join(error.messages)
    report = SchoolsImportReport(name, outcomes, written=False)
    if report.refused or dry_run or not plans:
        return report
    with transaction.atomic():
        for school in plans:
            school.save()
            task_sources_changed.fire(school=school)  # a new or reactivated school owes the open tasks
    report.written = True
    return report


def _allowed_municipalities(user) -> set[int] | None:
    if user is None:
        return None
    if user_scope(user).is_admin:
        return None
    return set(municipalities_changeable_by(user).values_list("pk", flat=True))
