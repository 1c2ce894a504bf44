"""The participants' rows of one sheet, turned into ParsedSchool participants.

Two paths give the same result. The careful one (``RowReader.row``) takes one row at a time and explains every
cell it cannot read (file, sheet, row, column). The fast one (``RowReader.run``) takes a run of ordinary rows of
one school and reads it column by column: each column is mapped through a table of its ordinary cells
(``cell_table``: 0..max as numbers and texts, «X», empty) by ``map`` / ``zip`` / ``itemgetter``, loops that run in C.
Whatever the tables do not know (a first-seen code or class, a group row, «2,0», a word, an absent pupil's
missing variant, a duplicate code) sends the run back to the careful path before anything of it is kept, so
messages and results are exactly the careful path's. On a million-row file the fast path reads about nine rows
in ten and the whole import costs less than twice the bare reading of the file.
"""
import re
from itertools import compress, groupby, islice, repeat
from operator import itemgetter

from django.core.exceptions import ValidationError
from openpyxl.utils import get_column_letter

from .headers import GROUP_COUNT, LOGIN, normalize

NOT_DONE = {"x", "х", "не пройд", "не пройд.", "не приступал", "-", "—", "н/п"}
NO_MARK = {"нет отметки", "нет", "-", "—", "н/а", "не аттестован", "н/а."}
ABSENT = "отсутств"
GROUP_ROW_LOGIN = re.compile(r"\(\s*(?:edu|sch)\d{3,}\s*\)", re.IGNORECASE)
HEADER_TEXT = {"код участника", "код", "code"}
MISS = object()  # a cell its column's table does not know
ABSENT_VARIANT = object()  # the variant of an absent pupil («отсутствовал»)
CACHE_LIMIT = 10_000  # distinct raw cells remembered per column kind
BLOCK = 4096  # rows taken from the sheet at a time


class Where:
    """Where a cell is, for error messages: «файл «…», лист «…», строка 12, столбец «Отметка» (K)»."""

    def __init__(self, file_name: str, sheet: str, headers: list):
        self.file_name, self.sheet, self.headers = file_name, sheet, headers

    def __call__(self, row_index: int, col: int | None = None) -> str:
        text = f"Файл «{self.file_name}», лист «{self.sheet}», строка {row_index + 1}"
        if col is not None:
            header = self.headers[col] if col < len(self.headers) and self.headers[col] is not None else ""
            text += f", столбец «{str(header).strip()}» ({get_column_letter(col + 1)})"
        return text


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def int_of(value, where, row_index, col, *, what: str, none_texts=NOT_DONE):
    """An integer cell: 2, 2.0, «2», «2,0»; None for empty and «X» / «не пройд.»; otherwise an error."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(f"{where(row_index, col)}: {what} — не число («{value}»).")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValidationError(f"{where(row_index, col)}: {what} должен быть целым, а не «{value}».")
    text = str(value).strip().lower()
    if not text or text in none_texts:
        return None
    text = text.replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        raise ValidationError(f"{where(row_index, col)}: {what} — не число («{str(value).strip()}»).") from None
    if not number.is_integer():
        raise ValidationError(f"{where(row_index, col)}: {what} должен быть целым, а не «{str(value).strip()}».")
    return int(number)


def cell_table(top: int, none_texts, *, low: int = 0) -> dict:
    """The ordinary cells of a numeric column and their values: low..top as numbers and as texts, the «no value»
    texts and an empty cell (None). Anything else is not in it.

    The number keys are floats (2.0 -> 2): spreadsheets hand numbers over as floats, and a float finds a float key
    five times faster than an equal int key (an int cell still finds it, as equal numbers hash alike)."""
    table: dict = {None: None, "": None}
    for text in none_texts:
        for form in (text, text.upper(), text.capitalize()):
            table[form] = None
    for value in range(low, top + 1):
        table[float(value)] = value
        table[str(value)] = value
    return table


def _clean(text: str) -> str:
    """A code, class or variant as one line: tabs and line breaks inside a cell become spaces."""
    if "\t" in text or "\n" in text or "\r" in text:
        return " ".join(text.split())
    return text


def _short_text(raw, cache: dict) -> str:
    """A class or variant cell as text (1.0 -> «1»), at most 20 characters; remembered in ``cache``."""
    text = _clean(text_of(raw))[:20]
    if len(cache) < CACHE_LIMIT:
        cache[raw] = text
    return text


def _variant(raw, cache: dict):
    """A variant cell as text, or ABSENT_VARIANT for «отсутствовал» (an absent pupil); remembered in ``cache``."""
    if ABSENT in text_of(raw).lower():
        if len(cache) < CACHE_LIMIT:
            cache[raw] = ABSENT_VARIANT
        return ABSENT_VARIANT
    return _short_text(raw, cache)


def _cell_text(row: list, col: int | None, cache: dict, read) -> str:
    """A class or variant cell of the careful path: "" without the column, else what ``cache`` remembers of the
    cell or what ``read`` (_short_text / _variant) makes of it."""
    if col is None:
        return ""
    raw = row[col]
    text = cache.get(raw)
    return read(raw, cache) if text is None else text


def group_row(row: list) -> tuple[str, str, int | None] | None:
    """«МБОУ «СОШ № 1» (edu203389) | Кол-во участников: 89» -> (login, name, 89)."""
    if not any(isinstance(v, str) and (GROUP_ROW_LOGIN.search(v) or GROUP_COUNT.search(v)) for v in row):
        return None
    login = name = None
    declared = None
    for value in row:
        if value is None:
            continue
        text = str(value)
        if login is None and (match := LOGIN.search(text)):
            login = match.group(1).lower()
            name = GROUP_ROW_LOGIN.sub("", text).strip(" |,;")
            name = GROUP_COUNT.sub("", name).strip(" |,;")
        if (match := GROUP_COUNT.search(text)):
            declared = int(match.group(1))
    if login is None:
        return None
    return login, name or "", declared


_CODE = itemgetter(0)


class RowReader:
    """Reads the rows below the header into ``schools`` ({login: ParsedSchool}) and counts what it skipped."""

    def __init__(self, *, fields: dict, task_cols: list[int], task_max: list, max_score: int, has_mark: bool,
                 lookup: list, where: Where, width: int, make_school):
        col = fields.get
        self.c_login, self.c_name = col("login"), col("school_name")
        self.c_class, self.c_variant, self.c_primary = col("class_number"), col("variant"), col("primary_score")
        self.c_mark, self.c_journal = col("mark"), col("journal_mark")
        self.id_col = col("code") if col("code") is not None else col("number")
        self.task_cols, self.task_max = task_cols, task_max
        self.max_score, self.has_mark, self.lookup = max_score, has_mark, lookup
        self.where, self.width, self.make_school = where, width, make_school

        self.task_tables = [cell_table(top or max_score, NOT_DONE) for top in task_max]
        self.primary_table = cell_table(max_score, NOT_DONE)
        self.mark_table = cell_table(5, NO_MARK, low=1)
        # The fast path's tables for cells that must hold a number: an empty one is no ordinary cell there.
        self.primary_strict = cell_table(max_score, ())
        del self.primary_strict[None], self.primary_strict[""]
        self.mark_strict = cell_table(5, (), low=1)
        del self.mark_strict[None], self.mark_strict[""]
        self.get_id = itemgetter(self.id_col)
        self.get_login = None if self.c_login is None else itemgetter(self.c_login)

        self.codes_of: dict = {}  # raw identifier cell -> code (codes start again in every school: few distinct)
        self.texts_of: dict = {}  # raw class cell -> its text
        self.variants_of: dict = {}  # raw variant cell -> its text, or ABSENT_VARIANT
        self.logins_of: dict = {}  # raw login cell -> login or None (dumps repeat it on every row)

        self.schools: dict = {}
        self.current = None  # the school of the last group row (Ф1)
        self.absent = self.no_result = self.computed_marks = self.disagreeing = 0
        self.disagree_rows: list[int] = []

    # --- the whole sheet -------------------------------------------------------------------------------------

    def read(self, rows, start: int) -> None:
        """``rows``: the rows below the header; ``start``: the index of the first one (0-based)."""
        rows = iter(rows)
        while block := list(islice(rows, BLOCK)):
            self.block(start, block)
            start += len(block)

    def block(self, start: int, block: list) -> None:
        """Runs of rows whose code is already known go the fast way; the others (group rows, empty rows,
        first-seen codes, short rows) one by one, the careful way."""
        try:
            codes = list(map(self.codes_of.get, map(self.get_id, block)))
        except IndexError:  # a short row (CSV): all careful
            for offset, row in enumerate(block):
                self.row(start + offset, row)
            return
        size, pos = len(block), 0
        while pos < size:
            try:
                stop = codes.index(None, pos)
            except ValueError:
                stop = size
            if stop > pos:
                self.run(start + pos, block[pos:stop], codes[pos:stop])
            if stop < size:
                learned = len(self.codes_of)
                self.row(start + stop, block[stop])
                if len(self.codes_of) != learned:  # a first-seen code: the rest of the block may know it now
                    codes[stop + 1:] = map(self.codes_of.get, map(self.get_id, block[stop + 1:]))
            pos = stop + 1

    # --- the fast path ---------------------------------------------------------------------------------------

    def run(self, start: int, rows: list, codes: list) -> None:
        """Rows with known codes: split by school (the login column, or the last group row), then ``school_run``."""
        if self.c_login is None:
            if self.current is None:
                return self.careful(start, rows)
            return self.school_run(self.current, start, rows, codes)
        logins = list(map(self.logins_of.get, map(self.get_login, rows), repeat(MISS)))
        if MISS in logins:  # a login cell not seen yet: that row the careful way (it learns the cell), the rest again
            first = logins.index(MISS)
            if first:
                self.run(start, rows[:first], codes[:first])
            self.row(start + first, rows[first])
            if first + 1 < len(rows):
                self.run(start + first + 1, rows[first + 1:], codes[first + 1:])
            return
        pos = 0
        for login, group in groupby(logins):
            size = len(list(group))
            school = self.current if login is None else self.schools.get(login)
            if school is None:
                self.careful(start + pos, rows[pos:pos + size])
            else:
                self.school_run(school, start + pos, rows[pos:pos + size], codes[pos:pos + size])
            pos += size

    def school_run(self, school, start: int, rows: list, codes: list) -> None:
        """Ordinary rows of one school, column by column; anything unusual sends the run to the careful path."""
        try:
            read = self._read_run(start, rows, codes, school.codes)
        except (KeyError, IndexError):  # a cell some table does not know; a short row
            read = None
        if read is None:
            return self.careful(start, rows)
        participants, absent, computed, disagree_rows = read
        school.codes.update(map(_CODE, participants))
        school.participants.extend(participants)
        self.absent += absent
        self.computed_marks += computed
        self.disagreeing += len(disagree_rows)
        self.disagree_rows.extend(disagree_rows[:max(0, 5 - len(self.disagree_rows))])

    def _read_run(self, start: int, rows: list, codes: list, known: set):
        """(participants, absent, marks computed, rows whose mark disagrees with the scale), or None for the careful
        path. The run is turned on its side once (``zip(*rows)``); each column then goes through its table by
        ``__getitem__``, which raises KeyError on a cell the table does not know. Nothing is kept here."""
        columns = list(zip(*rows))
        size = len(rows)
        keep = offsets = None
        variants = repeat("")
        if self.c_variant is not None:
            variants = list(map(self.variants_of.__getitem__, columns[self.c_variant]))
            if ABSENT_VARIANT in variants:
                keep = [v is not ABSENT_VARIANT for v in variants]
                offsets = list(compress(range(size), keep))
                variants, codes = list(compress(variants, keep)), list(compress(codes, keep))

        def column(col):
            return columns[col] if keep is None else list(compress(columns[col], keep))

        kept = len(codes)
        if self.c_primary is None or len(set(codes)) != kept or not known.isdisjoint(codes):
            return None
        scores = (list(zip(*[list(map(table.__getitem__, column(col)))
                             for col, table in zip(self.task_cols, self.task_tables)]))
                  if self.task_cols else [()] * kept)
        primaries = list(map(self.primary_strict.__getitem__, column(self.c_primary)))
        computed, disagree_rows = 0, []
        if self.has_mark:
            marks = list(map(self.mark_strict.__getitem__, column(self.c_mark)))
            if self.lookup:
                scaled = list(map(self.lookup.__getitem__, primaries))
                if scaled != marks:
                    disagree_rows = [start + (offset if offsets is None else offsets[offset]) + 1
                                     for offset, (by_scale, mark) in enumerate(zip(scaled, marks))
                                     if by_scale is not None and by_scale != mark]
        else:
            marks = list(map(self.lookup.__getitem__, primaries))
            computed = kept
        journals = (list(map(self.mark_table.__getitem__, column(self.c_journal)))
                    if self.c_journal is not None else repeat(None))
        classes = (list(map(self.texts_of.__getitem__, column(self.c_class)))
                   if self.c_class is not None else repeat(""))
        participants = list(zip(codes, classes, variants, scores, primaries, marks, journals))
        return participants, size - kept, computed, disagree_rows

    def careful(self, start: int, rows: list) -> None:
        """Rows of a run the careful way, one by one."""
        for offset, row in enumerate(rows):
            self.row(start + offset, row)

    # --- the careful path ------------------------------------------------------------------------------------

    def row(self, index: int, row: list) -> None:
        if len(row) < self.width:
            row = list(row) + [None] * (self.width - len(row))
        where = self.where
        ident = row[self.id_col]
        code = self.codes_of.get(ident)
        if code is None:
            kind = type(ident)
            if ident is None or ident == "" or (kind is str and not ident.strip().isdigit()):
                group = group_row(row)
                if group:
                    login, school_name, declared = group
                    self.current = self.schools.get(login) or self.make_school(login, school_name, declared, index + 1)
                    self.schools[login] = self.current
                    return
                if ident is None or text_of(ident) == "":
                    return
            code = _clean(text_of(ident))
            if kind is str and not code.isdigit():
                if normalize(code) in HEADER_TEXT:
                    return  # a header repeated after a page break
            elif len(self.codes_of) < CACHE_LIMIT:
                self.codes_of[ident] = code
        login = None
        if self.c_login is not None:
            raw_login = row[self.c_login]
            if raw_login in self.logins_of:
                login = self.logins_of[raw_login]
            else:
                match = LOGIN.search(str(raw_login)) if raw_login is not None else None
                login = self.logins_of[raw_login] = match.group(1).lower() if match else None
        if login is None:
            if self.current is None:
                raise ValidationError(f"{where(index, self.c_login)}: не указана школа — нет логина ОО (edu… / sch…) "
                                      "ни в строке, ни в строке школы перед ней.")
            school = self.current
        else:
            school = self.schools.get(login)
            if school is None:
                school_name = text_of(row[self.c_name]) if self.c_name is not None else ""
                school = self.schools[login] = self.make_school(login, school_name, None, index + 1)
        variant = _cell_text(row, self.c_variant, self.variants_of, _variant)
        if variant is ABSENT_VARIANT:
            self.absent += 1
            return
        scores = tuple(self._task_score(row, col, top, table, index)
                       for col, top, table in zip(self.task_cols, self.task_max, self.task_tables))
        primary = mark = None
        if self.c_primary is not None:
            primary = self.primary_table.get(row[self.c_primary], MISS)
            if primary is MISS:
                primary = int_of(row[self.c_primary], where, index, self.c_primary, what="первичный балл")
        if self.has_mark:
            mark = self.mark_table.get(row[self.c_mark], MISS)
            if mark is MISS:
                mark = int_of(row[self.c_mark], where, index, self.c_mark, what="отметка", none_texts=NO_MARK)
        if primary is None:
            if mark is None and all(s is None for s in scores):
                self.no_result += 1
                return
            primary = sum(s for s in scores if s is not None)
        if primary < 0 or primary > self.max_score:
            raise ValidationError(f"{where(index, self.c_primary)}: первичный балл {primary} вне допустимого "
                                  f"(0–{self.max_score}).")
        if mark is not None and not 1 <= mark <= 5:
            raise ValidationError(f"{where(index, self.c_mark)}: отметка {mark} вне допустимого (2–5).")
        lookup = self.lookup
        by_scale = lookup[primary] if lookup and primary < len(lookup) else None
        if mark is None:
            if by_scale is None:
                raise ValidationError(f"{where(index, self.c_mark)}: нет отметки, и её не из чего вычислить — "
                                      "укажите шкалу перевода.")
            mark = by_scale
            self.computed_marks += 1
        elif by_scale is not None and by_scale != mark:
            self.disagreeing += 1
            if len(self.disagree_rows) < 5:
                self.disagree_rows.append(index + 1)
        journal = None
        if self.c_journal is not None:
            journal = self.mark_table.get(row[self.c_journal], MISS)
            if journal is MISS:
                journal = int_of(row[self.c_journal], where, index, self.c_journal, what="отметка по журналу",
                                 none_texts=NO_MARK)
                if journal is not None and not 1 <= journal <= 5:
                    raise ValidationError(f"{where(index, self.c_journal)}: отметка по журналу {journal} вне "
                                          "допустимого (1–5).")
        if code in school.codes:
            raise ValidationError(f"{where(index, self.id_col)}: код участника «{code}» уже встречался в этой школе "
                                  f"({school.login}).")
        school.codes.add(code)
        class_number = _cell_text(row, self.c_class, self.texts_of, _short_text)
        school.participants.append((code, class_number, variant, scores, primary, mark, journal))

    def _task_score(self, row: list, col: int, top: int | None, table: dict, index: int):
        value = table.get(row[col], MISS)
        if value is not MISS:
            return value
        value = int_of(row[col], self.where, index, col, what="балл за задание")
        if value is not None and (value < 0 or (top and value > top)):
            raise ValidationError(f"{self.where(index, col)}: балл {value} вне допустимого (0–{top or '…'}).")
        return value
