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


def test_a_municipal_officer_keeps_the_logins_and_the_control_sample_of_their_schools(client, world):
    """The municipality keeps its schools' ФИС ОКО logins and its objectivity-control sample (schools.access says so,
    no portal page does it): the officer group may add and change them here, within its municipality only."""
    from tests.factories import world_for_admin

    world_for_admin(world)
    round_ = make_round()
    away = SchoolLogin.objects.create(school=world.away.school, login="edu420002")
    client.force_login(world.home.officer)
    response = client.post(reverse("admin:vpr_schoollogin_add"), {"school": world.home.school.pk, "login": "EDU420001"})
    assert response.status_code == 302 and SchoolLogin.objects.get(school=world.home.school).login == "edu420001"
    refused = client.post(reverse("admin:vpr_schoollogin_add"), {"school": world.away.school.pk, "login": "edu420003"})
    assert refused.status_code == 200 and "school" in refused.context["adminform"].form.errors
    listing = client.get(reverse("admin:vpr_schoollogin_changelist"))
    assert away.pk not in {login.pk for login in listing.context["cl"].result_list}
    assert client.get(reverse("admin:vpr_schoollogin_change", args=[away.pk])).status_code == 302
    protocol = SimpleUploadedFile("протокол.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    response = client.post(reverse("admin:vpr_controlledschool_add"), _control_form(world, round_, protocol))
    assert response.status_code == 302
    control = ControlledSchool.objects.get()
    assert control.observers.get().full_name == "Иванова А. П." and control.documents.count() == 1
    page = client.get(reverse("admin:vpr_controlledschool_change", args=[control.pk])).content.decode()
    assert 'name="_save"' in page and 'class="deletelink"' not in page  # officers never delete
    assert client.post(reverse("admin:vpr_controlledschool_delete", args=[control.pk]), {"post": "yes"}
                       ).status_code == 403
    assert client.get(reverse("admin:vpr_vprimport_changelist")).status_code == 403  # the administrator's records


def test_a_regional_specialist_reads_the_sample_and_changes_nothing(client, world):
    from tests.factories import world_for_admin

    world_for_admin(world)
    control = ControlledSchool.objects.create(round=make_round(), school=world.away.school)
    client.force_login(world.regional)
    assert client.get(reverse("admin:vpr_controlledschool_changelist")).context["cl"].result_count == 1
    page = client.get(reverse("admin:vpr_controlledschool_change", args=[control.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:vpr_controlledschool_add")).status_code == 403
    assert client.get(reverse("admin:vpr_schoollogin_add")).status_code == 403
