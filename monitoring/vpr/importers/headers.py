"""The one table of header synonyms: every layout seen in real ФИС ОКО files and regional dumps.

Headers are compared after ``normalize``: lower case, «ё» as «е», spaces and punctuation collapsed.
A task column is a number, with its maximum in the Ф1 form («9.1 (1б)»), bare in dumps («9.1», «Задание 3»)
or in the 2020 Latin dump («a-9-1-grade»).
"""
import re

# field -> exact normalized header texts; a text matching no field is ignored (sex, upload date, ...).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "login": ("оо", "логин", "логин оо", "логин школы", "логин образовательной организации", "пользователь",
              "user", "login"),
    "municipality": ("муниципалитет", "муниципальное образование", "мо", "муниципальный район", "регион"),
    "school_name": ("название оо", "наименование оо", "школа", "образовательная организация", "groups"),
    "code": ("код участника", "код", "code", "шифр участника"),
    "number": ("номер участника", "№ участника", "id", "номер"),
    "class_number": ("класс", "порядковый номер класса", "наименование класса", "номер класса", "klass", "class"),
    "variant": ("вариант", "номер варианта", "var", "var 1", "variant"),
    "primary_score": ("первичный балл", "итого баллов", "итого", "сумма баллов", "сумма первичных баллов",
                      "балл", "sum", "total"),
    "mark": ("отметка", "отметка за работу", "отметка за впр", "оценка", "оценка за впр", "mark"),
    "journal_mark": ("отметка по журналу", "отметка за предыдущую четверть триместр",
                     "отметка за предыдущую четверть", "отметка за предыдущий триместр",
                     "отметка за предыдущий триместр четверть полугодие",
                     "отметка за предыдущую четверть триместр полугодие", "отметка в журнале", "otc", "journal"),
    "sex": ("пол", "gender", "sex"),
}
_LOOKUP = {text: field for field, texts in SYNONYMS.items() for text in texts}

TASK_WITH_MAX = re.compile(r"^(\d+(?:\.\d+)*)\s*\((\d+)\s*б\.?\)$")
TASK_BARE = re.compile(r"^(?:задание\s*|№\s*|a\s*)?(\d+(?:[ .]\d+)*)(?:\s*grade)?$")

LOGIN = re.compile(r"\b((?:edu|sch)\d{3,})\b", re.IGNORECASE)
GROUP_COUNT = re.compile(r"кол-?во\s+участников\s*:?\s*(\d+)", re.IGNORECASE)
DIFFICULTY_ROW = "уровень сложности задания"


def normalize(value) -> str:
    text = str(value).strip().lower().replace("ё", "е")
    text = re.sub(r"[\s_/\-,;:\"«»]+", " ", text)
    return text.strip(" .")


def header_field(value) -> tuple[str, dict | None] | None:
    """('task', {'name', 'max'}) for a task column, (field, None) for a known one, None otherwise."""
    if value is None:
        return None
    raw = str(value).strip().lower().replace("ё", "е")
    match = TASK_WITH_MAX.match(raw)
    if match:
        return "task", {"name": match.group(1), "max": int(match.group(2))}
    text = normalize(value)
    if text in _LOOKUP:
        return _LOOKUP[text], None
    if text.startswith("отметка за предыдущ"):
        return "journal_mark", None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() and 0 < value < 100:
        return "task", {"name": str(int(value)), "max": None}
    match = TASK_BARE.match(text)
    if match:
        return "task", {"name": match.group(1).replace(" ", "."), "max": None}
    return None


def is_header_row(row: list) -> dict | None:
    """Column map {field: index} and task columns, when the row looks like the participants' header."""
    fields: dict[str, int] = {}
    tasks: list[tuple[int, dict]] = []
    for index, value in enumerate(row):
        found = header_field(value)
        if found is None:
            continue
        field, task = found
        if field == "task":
            tasks.append((index, task))
        elif field not in fields:
            fields[field] = index
    has_id = "code" in fields or "number" in fields
    has_result = "primary_score" in fields or len(tasks) >= 2
    if has_id and has_result and len(fields) + min(len(tasks), 1) >= 3:
        return {"fields": fields, "tasks": tasks}
    return None
