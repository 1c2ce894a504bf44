"""Acts as files for the simulated sites: minimal PDFs (Cyrillic text through a ToUnicode map, optionally a
signature field /FT /Sig) and DOCX made with python-docx. No reportlab needed."""

import io

from portal.demo.acts import pdf_file


def make_pdf(lines: list[str], *, signed: bool = False, padding: int = 0) -> bytes:
    """``padding`` bytes of comment lines make the file as large as a real scanned act (for the bench)."""
    chars = sorted({c for line in lines for c in line} - {" "})
    if len(chars) > 220:
        raise ValueError("too many distinct characters for a one-byte font")
    codes = {" ": 0x20}
    for index, char in enumerate(chars):
        code = 0x21 + index
        codes[char] = code if code < 0x7F else code + 0x22  # skip DEL and the 0x80–0xA0 gap
    text_ops = ["BT /F1 11 Tf 50 800 Td 14 TL"]
    for line in lines:
        text_ops.append("<" + "".join(f"{codes[c]:02X}" for c in line) + "> Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode("latin-1")
    entries = [f"<{code:02X}> <{ord(char):04X}>" for char, code in codes.items()]
    blocks = []
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n" + "\n".join(blocks) +
        "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode("ascii")
    annots = " /Annots [7 0 R]" if signed else ""
    acroform = " /AcroForm << /Fields [7 0 R] /SigFlags 3 >>" if signed else ""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R{acroform} >>".encode(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        f"/Contents 4 0 R{annots} >>".encode(),
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
    ]
    if signed:
        objects.append(
            b"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /Rect [0 0 0 0] /F 132 /P 3 0 R /V 8 0 R >>"
        )
        objects.append(
            b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /Name (Director) "
            b"/ByteRange [0 0 0 0] /Contents <00> >>"
        )
    padding_lines = b"%" + b"0123456789" * 9 + b"12345678\n"
    return pdf_file(objects, header=b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + padding_lines * (padding // 100))


def make_docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
