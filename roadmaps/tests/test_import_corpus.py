"""The importer on real roadmap tables published by Russian education authorities (corpus/SOURCES.md).

Prints the field-level score and asserts it is 100%: a miss is a parser bug, never a reason to edit the corpus.
"""
import pytest

from roadmaps.importers.document import core
from roadmaps.importers.reader import read_document

from .corpus_score import CORPUS, score_corpus


def _read(file, name):
    # Scored on what `import_order --dry-run --json` prints.
    return core(read_document(file, name=name))


def test_corpus_has_at_least_twelve_documents():
    expected = sorted(CORPUS.glob("*.expected.json"))
    assert len(expected) >= 12
    for path in expected:
        stem = path.name.removesuffix(".expected.json")
        assert [p for p in CORPUS.iterdir() if p.stem == stem and p.suffix in (".txt", ".docx", ".xlsx")], stem


def test_corpus_score_is_100_percent(capsys):
    right, total, misses = score_corpus(_read)
    with capsys.disabled():
        print(f"\nКорпус: верных полей {right} из {total} ({100 * right / total:.1f}%)")
    assert misses == []
    assert right == total


def _as_docx(text: str) -> bytes:
    import io

    import docx

    document = docx.Document()
    lines = text.split("\n")
    rows = [line.split("\t") for line in lines if "\t" in line]
    for line in lines:
        if "\t" in line:
            break
        document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _as_xlsx(text: str) -> bytes:
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in text.split("\n"):
        if line.strip():
            sheet.append(line.split("\t"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.txt")))
def test_the_same_table_in_another_format_reads_the_same(name, kind):
    """Each text document of the corpus, retyped as a Word table or an Excel sheet, gives the same parse."""
    import io

    text = (CORPUS / name).read_text(encoding="utf-8")
    data = _as_docx(text) if kind == "docx" else _as_xlsx(text)
    expected = core(read_document(io.BytesIO(text.encode("utf-8")), name=name))
    got = core(read_document(io.BytesIO(data), name=name.replace(".txt", f".{kind}")))
    assert got["order"] == expected["order"]
    assert [(i["number"], i["activity"], i["deadline"], i["responsible"], i.get("section"))
            for i in got["roadmap"]["items"]] == \
        [(i["number"], i["activity"], i["deadline"], i["responsible"], i.get("section"))
         for i in expected["roadmap"]["items"]]
