"""Back office: ФИС ОКО logins are edited there; observers' protocols are checked by content like all evidence."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.vpr.models import ControlDocument, ControlledSchool, SchoolLogin

from .factories import make_round

pytestmark = pytest.mark.django_db


def test_admin_adds_a_login(client, world):
    client.force_login(world.admin)
    response = client.post(reverse("admin:vpr_schoollogin_add"), {"school": world.home.school.pk,
                                                                   "login": " EDU203389 "})
    assert response.status_code == 302
    assert SchoolLogin.objects.get().login == "edu203389"
    assert client.get(reverse("admin:vpr_schoollogin_changelist")).status_code == 200


def _control_form(world, round_, upload):
    return {
        "round": round_.pk, "school": world.home.school.pk, "notes": "",
        "observers-TOTAL_FORMS": "1", "observers-INITIAL_FORMS": "0",
        "observers-0-full_name": "Иванова А. П.", "observers-0-organization": "Управление образования",
        "documents-TOTAL_FORMS": "1", "documents-INITIAL_FORMS": "0",
        "documents-0-kind": "protocol", "documents-0-file": upload,
    }


def test_protocol_is_checked_by_content(client, world):
    round_ = make_round()
    client.force_login(world.admin)
    fake = SimpleUploadedFile("протокол.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    response = client.post(reverse("admin:vpr_controlledschool_add"), _control_form(world, round_, fake))
    assert response.status_code == 200 and not ControlledSchool.objects.exists()
    assert "проверено по содержимому" in response.content.decode()
    real = SimpleUploadedFile("протокол.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    response = client.post(reverse("admin:vpr_controlledschool_add"), _control_form(world, round_, real))
    assert response.status_code == 302
    document = ControlDocument.objects.get()
    assert (document.original_name, document.content_type, document.size) == ("протокол.pdf", "application/pdf", 15)
    assert document.control.observers.get().full_name == "Иванова А. П."
