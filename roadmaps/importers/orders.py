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
from .responsible import NAME_RE, clause_responsible, is_control_clause

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
_ROADMAP_TITLE = re.compile(r"(?:Дорожная\s+карта|План|Комплекс\s+мер|Перечень\s+мероприятий)", re.I)
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
        return OrderPart(None, _roadmap_title([t for t, _ in src.items]))
    reader = _OrderReader(src, start, file_name)
    return reader.read()


def _is_order_word(text: str) -> bool:
    match = _ORDER_WORD.match(text)
    if not match:
        return False
    rest = text[match.end():].strip()
    return (not rest and text[:1].isupper()) or bool(text[:match.end()].isupper() and (_DATE.search(rest) or
                                                                                   _NUMBER.search(rest)))


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
