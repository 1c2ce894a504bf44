"""The order around a roadmap table, read from its lines: the blank, requisites, title, preamble,
clauses after «ПРИКАЗЫВАЮ:», the signature, then the roadmap's own title above the table.

No «ПРИКАЗ» line means a bare roadmap: order is None and the lines only give the roadmap's title.
"""
import re
from dataclasses import dataclass, field
from datetime import date

from core.academic_year import academic_year_planned_on

from ..deadlines import find_deadline_in_text
from .citations import DEFINED, citations_in
from .document import Place, academic_year_from_title, clean_line, iso
from .responsible import NAME_RE, clause_responsible, genitive_body_to_nominative, is_control_clause

_ORDER_WORD = re.compile(r"(?:П\s*Р\s*И\s*К\s*А\s*З|Р\s*А\s*С\s*П\s*О\s*Р\s*Я\s*Ж\s*Е\s*Н\s*И\s*Е)(?![а-яё])", re.I)
_ORDERING = re.compile(r"П\s*Р\s*И\s*К\s*А\s*З\s*Ы\s*В\s*А\s*Ю\s*:?", re.I)
_MONTHS = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
           "ноября", "декабря")
_DATE = re.compile(rf"(?<!\d)(\d{{1,2}})\.(\d{{1,2}})\.(\d{{4}})|«?(\d{{1,2}})»?\s+({'|'.join(_MONTHS)})\s+(\d{{4}})")
_NUMBER = re.compile(r"(?:№|N)\s*([0-9A-Za-zА-Яа-я][\w\-/.]*)")
_PLACE = re.compile(r"(?:г\.|город|пгт\.?|с\.|п\.|рп\.?|ст-ца)\s*[А-ЯЁ][\w\- ]*")
_REQUISITE = re.compile(r"(?:от\s|№|N\s|\d{1,2}\.\d{1,2}\.\d{4}|«\d)")
_PREAMBLE = re.compile(r"(?:В\s+(?:целях|соответствии|связи|рамках)|На\s+основании|Во\s+исполнение|Руководствуясь"
                       r"|С\s+целью|Согласно)\b")
_CLAUSE = re.compile(r"(\d{1,2}(?:\.\d{1,2})*)[.)]\s*(\S.*)")
APPENDIX = re.compile(r"(?:Приложение|УТВЕРЖДЕН|к\s+приказу|приказом|от\s+\d|№\s*\d)", re.I)
_ROADMAP_TITLE = re.compile(r"(?:Дорожная\s+карта|План|Комплекс\s+мер|Перечень|Система\s+(?:основных\s+)?мероприятий"
                            r"|График|Мероприятия\s+по)", re.I)
# The approving act named above an appendix: «Приложение № 2 к приказу ... от 30.12.2021 № 1295»,
# «УТВЕРЖДЕН распоряжением Правительства ... от 02.07.2019 N 241-рп», «Постановление ... от ... № ...».
_APPENDIX_START = re.compile(r"(?:Приложение|УТВЕРЖД[ЕЁ]Н|Утвержд[её]н|Постановление|Распоряжение|Решение)", re.I)
_ACT = re.compile(r"(приказ|постановлени|распоряжени|решени)[а-яё]*", re.I)
_ACT_KIND = {"приказ": "приказ", "постановлени": "постановление", "распоряжени": "распоряжение", "решени": "решение"}
_AMENDED = re.compile(r"\(\s*в\s+редакции[^)]*\)?|в\s+редакции\s+.*$", re.I)
_ACT_NUMBER = re.compile(r"(?:№|N)\s*(\d[\w\-/.]*)")
_BODY = re.compile(r"(?:УПРАВЛЕНИЕ|КОМИТЕТ|ДЕПАРТАМЕНТ|МИНИСТЕРСТВО|ОТДЕЛ)\b", re.I)


@dataclass
class OrderPart:
    order: dict | None
    roadmap_title: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Lines:
    """Lines with their places in the file, and a cursor."""

    items: list[tuple[str, str]]  # (clean text, «строка 5»)
    at: int = 0

    def text(self, index: int) -> str:
        return self.items[index][0] if index < len(self.items) else ""

    def skip_blank(self) -> None:
        while self.at < len(self.items) and not self.text(self.at):
            self.at += 1


def read_order_part(lines: list[tuple[str, str]], *, file_name: str) -> OrderPart:
    """``lines``: (text, place label) of everything above the roadmap table."""
    src = _Lines([(clean_line(text), label) for text, label in lines])
    start = next((i for i, (text, _) in enumerate(src.items) if _is_order_word(text)), None)
    if start is None:
        appendix, rest = split_appendix([t for t, _ in src.items])
        title = _roadmap_title(rest)
        return OrderPart(appendix_act(appendix, title), title)
    reader = _OrderReader(src, start, file_name)
    return reader.read()


def _is_order_word(text: str) -> bool:
    match = _ORDER_WORD.match(text)
    if not match:
        return False
    rest = text[match.end():].strip()
    return (not rest and text[:1].isupper()) or bool(text[:match.end()].isupper() and (_DATE.search(rest) or
                                                                                   _NUMBER.search(rest)))


def split_appendix(lines: list[str]) -> tuple[list[str], list[str]]:
    """The appendix header at the top («Приложение N 2 / к приказу ... / от ... N ...») and the lines after it.

    The header ends at a blank line, at the roadmap's title, or once the act's date and number are read
    (an «(в редакции ...)» remark is read to its closing bracket).
    """
    first = next((i for i, text in enumerate(lines) if text), None)
    if first is None or not _APPENDIX_START.match(lines[first]):
        return [], lines
    block, depth = [], 0
    for index in range(first, len(lines)):
        text = lines[index]
        if not text or (block and _ROADMAP_TITLE.match(text)):
            return block, lines[index:]
        block.append(text)
        depth += text.count("(") - text.count(")")
        if depth <= 0 and _act_requisites(" ".join(block)) is not None:
            return block, lines[index + 1:]
    return block, []


def _act_requisites(text: str) -> tuple[str, str, str, str] | None:
    """(kind, issuer as written, number, ISO date) of the act named in ``text``, or None."""
    text = _AMENDED.sub(" ", text)
    act = _ACT.search(text)
    if act is None:
        return None
    rest = text[act.end():]
    when, number = _DATE.search(rest), _ACT_NUMBER.search(rest)  # «от ... № ...» or «№ ... от ...»
    if when is None or number is None:
        return None
    day, month, year = (when.group(1), when.group(2), when.group(3)) if when.group(1) else (
        when.group(4), str(_MONTHS.index(when.group(5)) + 1), when.group(6))
    try:
        iso_date = date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None
    issuer = re.sub(r"\s+", " ", rest[:min(when.start(), number.start())]).strip(" ,.")
    issuer = re.sub(r"\s*от$", "", issuer).strip()
    kind = next(value for stem, value in _ACT_KIND.items() if act.group(1).lower().startswith(stem))
    return kind, issuer, number.group(1).rstrip(".-"), iso_date


def appendix_act(lines: list[str], title: str) -> dict | None:
    """The approving act read from an appendix header, as an order without clauses (None when not named)."""
    found = _act_requisites(" ".join(lines)) if lines else None
    if found is None:
        return None
    kind, issuer, number, iso_date = found
    if issuer:
        issuer = genitive_body_to_nominative(issuer)
        issuer = issuer[:1].upper() + issuer[1:]
    return {"issuer": issuer, "kind": kind, "number": number, "date": iso_date, "title": title,
            "from_appendix": True, "issuer_header": "", "place": "", "preamble": "", "signatory": "",
            "signatory_position": "", "controller": None, "controller_text": "", "citations": [], "clauses": []}


def _roadmap_title(lines: list[str]) -> str:
    """The roadmap's title above its table: from a line «Дорожная карта ...» (or the last block) to a blank."""
    lines = [text for text in lines if not (text and APPENDIX.match(text))]
    starts = [i for i, text in enumerate(lines) if text and _ROADMAP_TITLE.match(text)]
    if starts:
        begin = starts[-1]
    else:
        filled = [i for i, text in enumerate(lines) if text]
        if not filled:
            return ""
        begin = filled[-1]
        while begin > 0 and lines[begin - 1]:
            begin -= 1
    end = begin
    while end < len(lines) and lines[end]:
        end += 1
    return " ".join(lines[begin:end])


class _OrderReader:
    def __init__(self, src: _Lines, start: int, file_name: str):
        self.src, self.file_name = src, file_name
        self.header = [text for text, _ in src.items[:start] if text]
        self.src.at = start
        self.warnings: list[str] = []
        self.order = {"issuer": "", "issuer_header": "\n".join(self.header), "number": "", "date": None,
                      "place": "", "title": "", "preamble": "", "signatory": "", "signatory_position": "",
                      "controller": None, "controller_text": "", "citations": [], "clauses": []}

    def warn(self, message: str) -> None:
        self.warnings.append(f"Файл «{self.file_name}»: {message}")

    def read(self) -> OrderPart:
        first = self.src.text(self.src.at)
        self._requisites(first[_ORDER_WORD.match(first).end():])
        self._title()
        self._preamble()
        self._clauses()
        roadmap_title = self._signature_and_rest()
        order = self.order
        order["issuer"] = self._issuer()
        order["citations"] = citations_in(order["preamble"])
        when = date.fromisoformat(order["date"]) if order["date"] else None
        year = academic_year_from_title(roadmap_title) or (academic_year_planned_on(when) if when else None)
        for clause in order["clauses"]:
            found = find_deadline_in_text(clause["text"], academic_year=year, reference_date=when)
            clause["deadline"] = (
                {"text": found.text, "start": iso(found.start), "end": iso(found.end)} if found else None
            )
            if order["controller"] is None and is_control_clause(clause["text"]):
                people = [e for e in clause["responsible"] if e["kind"] == "person"]
                order["controller"] = dict(people[0]) if people else None
                order["controller_text"] = clause["text"]
        for key, label in (("number", "номер"), ("date", "дата"), ("title", "заголовок"), ("signatory", "подпись")):
            if not order[key]:
                self.warn(f"у приказа не найден {label}." if key != "date" else "у приказа не найдена дата.")
        return OrderPart(order, roadmap_title, self.warnings)

    def _requisites(self, same_line: str) -> None:
        """Date, number and place: on the «ПРИКАЗ» line or the lines right after it."""
        src = self.src
        pending = [(same_line, src.items[src.at][1])]
        src.at += 1
        while True:
            for text, label in pending:
                self._requisite(text, label)
            src.skip_blank()
            text = src.text(src.at)
            if src.at >= len(src.items) or not (_REQUISITE.match(text) or _PLACE.fullmatch(text)):
                return
            pending = [src.items[src.at]]
            src.at += 1

    def _requisite(self, text: str, label: str) -> None:
        if not text:
            return
        if (match := _DATE.search(text)) and not self.order["date"]:
            day, month, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
                match.group(4), str(_MONTHS.index(match.group(5)) + 1), match.group(6))
            try:
                self.order["date"] = date(int(year), int(month), int(day)).isoformat()
            except ValueError:
                raise Place(self.file_name, label).error(f"дата приказа «{match.group(0)}» не существует.") from None
        if (match := _NUMBER.search(text)) and not self.order["number"]:
            self.order["number"] = match.group(1).rstrip(".")
        if _PLACE.fullmatch(text) and not self.order["place"]:
            self.order["place"] = text

    def _title(self) -> None:
        src, lines = self.src, []
        while src.at < len(src.items) and src.text(src.at):
            text = src.text(src.at)
            if lines and (_PREAMBLE.match(text) or _ORDERING.search(text)) or (not lines and _ORDERING.match(text)):
                break
            lines.append(text)
            src.at += 1
        self.order["title"] = " ".join(lines)

    def _preamble(self) -> None:
        src, lines = self.src, []
        while src.at < len(src.items):
            text = src.text(src.at)
            src.at += 1
            match = _ORDERING.search(text)
            if match:
                if text[:match.start()].strip(" ,:"):
                    lines.append(text[:match.start()].strip(" ,:"))
                break
            if _CLAUSE.fullmatch(text) and lines:
                src.at -= 1
                self.warn("не найдено слово «ПРИКАЗЫВАЮ»: пункты приказа читаются с первой нумерованной строки.")
                break
            if text:
                lines.append(text)
        self.order["preamble"] = "\n".join(lines)

    def _clauses(self) -> None:
        src, clauses, gap = self.src, self.order["clauses"], False
        while src.at < len(src.items):
            text = src.text(src.at)
            if not text:
                gap = True
            elif match := _CLAUSE.fullmatch(text):
                clauses.append({"number": match.group(1), "text": match.group(2)})
                gap = False
            elif clauses and not gap and _continues(clauses[-1]["text"], text):
                bullet = text[:1] in "-–—•"
                clauses[-1]["text"] += ("\n" if bullet else " ") + text
            else:
                break
            src.at += 1
        for clause in clauses:
            clause["responsible"] = clause_responsible(clause["text"])

    def _signature_and_rest(self) -> str:
        """Signatory position and name, then the roadmap title from the lines above the table."""
        src, position = self.src, []
        rest = [text for text, _ in src.items[src.at:]]
        for index, text in enumerate(rest):
            if not text:
                continue
            names = [m for m in NAME_RE.finditer(text) if m.end() == len(text.rstrip(" ."))]
            if names and len(position) <= 4:
                before = text[:names[-1].start()].strip()
                self.order["signatory"] = names[-1].group().strip()
                self.order["signatory_position"] = " ".join(position + ([before] if before else []))
                return _roadmap_title(rest[index + 1:])
            position.append(text)
        return _roadmap_title(rest)

    def _issuer(self) -> str:
        body = next((line for line in self.header if _BODY.match(line)), None)
        body = body or next((line for line in self.header if _BODY.search(line)), None)
        if body is None:
            return self.header[-1] if self.header else ""
        name = body[:1] + body[1:].lower() if body.isupper() else body
        stems = [w[:6].lower() for w in re.findall(r"[А-ЯЁа-яё]{4,}", name)]
        text = "\n".join([self.order["preamble"], *(c["text"] for c in self.order["clauses"])])
        for match in DEFINED.finditer(text):
            window = text[max(0, match.start() - 160):match.start()].lower()
            if stems and all(stem in window for stem in stems):
                return match.group(1).strip()
        return name


def _continues(previous: str, text: str) -> bool:
    if text[:1] in "-–—•" or text[:1].islower():
        return True
    return not previous.rstrip().endswith((".", "!"))
