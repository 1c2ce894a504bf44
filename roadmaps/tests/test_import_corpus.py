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
