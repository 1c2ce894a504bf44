"""The one evidence mechanism: generated names, file facts from the content, links."""
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.evidence import GeneratedName, evidence_attach, sha256_of


class Row:
    evidence_file = None
    evidence_name = ""
    evidence_size = None
    evidence_content_type = ""
    evidence_url = ""


@pytest.mark.parametrize("filename, expected_suffix", [
    ("Приказ №5.PDF", ".pdf"),
    ("../../etc/passwd", ""),
    ("scan.jpeg", ".jpeg"),
])
def test_generated_name_keeps_only_the_suffix(filename, expected_suffix):
    name = GeneratedName("evidence")(None, filename)
    assert name.startswith("evidence/") and name.endswith(expected_suffix)
    assert ".." not in name and "Приказ" not in name


def test_generated_name_deconstructs_for_migrations():
    path, args, kwargs = GeneratedName("acts").deconstruct()
    assert path == "core.evidence.GeneratedName" and args == ("acts",)
    assert GeneratedName("acts") == GeneratedName("acts") != GeneratedName("evidence")


def test_attach_fills_the_facts_from_the_content():
    upload = SimpleUploadedFile("отчёт.pdf", b"%PDF-1.4 test", content_type="text/plain")
    row = Row()
    evidence_attach(row, evidence_file=upload, evidence_url="https://school.example/report")
    assert (row.evidence_name, row.evidence_size, row.evidence_content_type) == ("отчёт.pdf", 13, "application/pdf")
    assert row.evidence_url == "https://school.example/report" and row.evidence_file is upload


def test_attach_records_sha256_where_the_row_has_it():
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
    row = Row()
    row.evidence_sha256 = ""
    evidence_attach(row, evidence_file=upload)
    assert row.evidence_sha256 == sha256_of(upload) and len(row.evidence_sha256) == 64


def test_attach_refuses_a_file_that_is_not_what_it_says():
    with pytest.raises(ValidationError):
        evidence_attach(Row(), evidence_file=SimpleUploadedFile("a.pdf", b"MZ not a pdf"))
