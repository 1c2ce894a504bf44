"""Demo local acts: every review state in schools of both demo municipalities, played through the services.

Also the one place that builds small, valid PDF / DOCX / ODT files (the demo and the tests use them).
"""
import io
import zipfile
from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from schools.acts.services import act_kinds_ensure, local_act_review, local_act_submit
from schools.models import LocalAct, LocalActKind, ReviewState, Role, School, UserProfile

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_TYPE = "application/vnd.oasis.opendocument.text"


def make_pdf(text: str = "Polozhenie o VSOKO") -> bytes:
    """A one-page PDF a viewer opens (Latin text: the built-in fonts have no Cyrillic)."""
    safe = text.encode("ascii", "replace").decode().replace("\\", "/").replace("(", "[").replace(")", "]")
    stream = f"BT /F1 14 Tf 72 760 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return pdf_file(objects)


def pdf_file(objects: list[bytes], *, header: bytes = b"%PDF-1.4\n") -> bytes:
    """A PDF of these object bodies (the first is the catalog), numbered from 1, with its cross-reference table."""
    out = io.BytesIO()
    out.write(header)
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_docx(text: str = "Положение о ВСОКО") -> bytes:
    """A minimal Word document: the three parts Word needs."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"
        ))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>'
        ))
        archive.writestr("word/document.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{_escape(text)}</w:t></w:r></w:p></w:body></w:document>"
        ))
    return out.getvalue()


def make_odt(text: str = "Положение о ВСОКО") -> bytes:
    """A minimal OpenDocument text: the uncompressed mimetype first, then the content."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODT_TYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{ODT_TYPE}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>"
        ), compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            f"<office:body><office:text><text:p>{_escape(text)}</text:p></office:text></office:body>"
            "</office:document-content>"
        ), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


# (municipality, school) -> {kind code: steps}; a step is ("submit", order number, order date, comment)
# or ("review", decision, remarks). Schools not listed have no acts: «не загружен» is a state too.
RETURN_FGOS = ("Не отражены требования обновлённых ФГОС НОО и ФГОС ООО; нет раздела об оценочных процедурах. "
               "Дата утверждения — до приказа Минобразования Кузбасса от 29.06.2022 № 1621.")
RETURN_LINK = "Ссылка на сайте ведёт на прежнюю редакцию 2019 года; акт не подписан электронной подписью."
STORY = {
    ("Гурьевский МО", "МБОУ «Урская СОШ»"): {
        "vsoko": [("submit", "112", date(2022, 8, 29), ""), ("review", ReviewState.RETURNED, RETURN_FGOS)],
        "tek_kontrol": [("submit", "113", date(2022, 8, 29), ""), ("review", ReviewState.ACCEPTED, "")],
    },
    ("Гурьевский МО", "МБОУ «СОШ № 1»"): {
        "vsoko": [("submit", "87", date(2022, 6, 20), ""), ("review", ReviewState.RETURNED, RETURN_FGOS),
                  ("submit", "101", date(2022, 8, 31), "Положение переработано по замечаниям: добавлен раздел 5 "
                                                         "«Оценочные процедуры», учтены ФГОС 2021 года."),
                  ("review", ReviewState.ACCEPTED, "Замечания устранены.")],
        "tek_kontrol": [("submit", "102", date(2022, 8, 31), "")],
    },
    ("Гурьевский МО", "МБОУ «СОШ № 2»"): {"vsoko": [("submit", "64", date(2022, 9, 1), "")]},
    ("Гурьевский МО", "МБОУ «СОШ № 3»"): {
        "vsoko": [("submit", "55", date(2022, 8, 30), ""), ("review", ReviewState.ACCEPTED, "")],
        "tek_kontrol": [("submit", "56", date(2022, 8, 30), ""), ("review", ReviewState.RETURNED, RETURN_LINK)],
    },
    ("Новокузнецк", "МБОУ «СОШ № 5»"): {
        "vsoko": [("submit", "210", date(2022, 8, 26), "")],
        "tek_kontrol": [("submit", "211", date(2022, 8, 26), ""), ("review", ReviewState.RETURNED, RETURN_LINK),
                        ("submit", "245", date(2022, 9, 12), "Размещена новая редакция, подписана ЭП; ссылка исправлена.")],
    },
    ("Новокузнецк", "МБОУ «СОШ № 8»"): {
        "vsoko": [("submit", "97", date(2022, 8, 25), ""), ("review", ReviewState.ACCEPTED, "")],
        "tek_kontrol": [("submit", "98", date(2022, 8, 25), ""), ("review", ReviewState.ACCEPTED, "")],
    },
    ("Новокузнецк", "МБОУ «СОШ № 12»"): {
        "vsoko": [("submit", "143", date(2022, 7, 1), ""), ("review", ReviewState.RETURNED, RETURN_FGOS)],
    },
    ("Новокузнецк", "МБОУ «Гимназия № 17»"): {
        "vsoko": [("submit", "301", date(2022, 8, 30), ""), ("review", ReviewState.ACCEPTED, "")],
        "tek_kontrol": [("submit", "302", date(2022, 8, 30), "")],
    },
}


def _user(**profile_filter):
    profile = UserProfile.objects.filter(**profile_filter).select_related("user").order_by("pk").first()
    if profile is not None:
        return profile.user
    return get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


FILE_TITLES = {"vsoko": "Положение о ВСОКО", "tek_kontrol": "Положение о текущем контроле и промежуточной аттестации"}


def _demo_file(school: School, kind: LocalActKind, edition: int, *, as_docx: bool) -> SimpleUploadedFile:
    title = f"{kind.name} ({school.short_name}), редакция {edition}"
    name = f"{FILE_TITLES.get(kind.code, kind.code)}, ред. {edition}"
    if as_docx:
        return SimpleUploadedFile(f"{name}.docx", make_docx(title), content_type=DOCX_TYPE)
    return SimpleUploadedFile(f"{name}.pdf", make_pdf(f"{kind.code}, edition {edition}"), content_type=PDF_TYPE)


def load_acts_demo() -> str:
    """Play STORY through the services; a school × kind that already has an act is left as it is."""
    act_kinds_ensure()
    kinds = {kind.code: kind for kind in LocalActKind.objects.all()}
    made_acts = made_versions = 0
    for (municipality, short_name), acts in STORY.items():
        school = School.objects.filter(municipality__short_name=municipality, short_name=short_name).first()
        if school is None:
            continue
        head = _user(role=Role.SCHOOL_HEAD, school=school)
        officer = _user(role=Role.MUNICIPAL, municipality=school.municipality)
        if head is None or officer is None:
            return "локальные акты не загружены: нет учётных записей (сначала создайте демонстрационные учётные записи)."
        for code, steps in acts.items():
            kind = kinds.get(code)
            if kind is None or LocalAct.objects.filter(school=school, kind=kind).exists():
                continue
            version, edition = None, 0
            for step in steps:
                if step[0] == "submit":
                    _, order_number, order_date, comment = step
                    site = (school.website or "https://school.example.ru").rstrip("/")
                    edition += 1
                    version = local_act_submit(
                        school=school, kind=kind, file=_demo_file(school, kind, edition, as_docx=made_versions % 2 == 0),
                        approval_number=order_number, approval_date=order_date,
                        published_url=f"{site}/sveden/document/{code}.pdf", comment=comment, user=head,
                    )
                    made_versions += 1
                else:
                    _, decision, remarks = step
                    local_act_review(version=version, user=officer, decision=decision, remarks=remarks,
                                     expected_state=version.state)
            made_acts += 1
    return f"локальных актов загружено: {made_acts}, версий: {made_versions}."
