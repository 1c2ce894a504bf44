"""local_act_submit / local_act_review: versions are never overwritten, reviews move states and leave events."""
import hashlib
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.clock import local_today
from tests.factories import act_file, make_act_version
from schools.acts.services import ReviewConflict, local_act_review, local_act_submit
from schools.models import ActEvent, LocalAct, LocalActKind, LocalActVersion, ReviewState

pytestmark = pytest.mark.django_db


@pytest.fixture
def vsoko(db):
    return LocalActKind.objects.get(code="vsoko")


def _submit(world, kind, **overrides):
    args = dict(school=world.home.school, kind=kind, file=act_file("pdf"), approval_number="45",
                approval_date=date(2022, 8, 30), published_url="https://school.example.ru/sveden/document/vsoko.pdf",
                comment="", user=world.home.head)
    args.update(overrides)
    return local_act_submit(**args)


def test_kinds_from_the_data_migration():
    kinds = {k.code: k for k in LocalActKind.objects.all()}
    assert kinds["vsoko"].name == "Положение о ВСОКО" and kinds["vsoko"].itemprop == ""
    assert kinds["tek_kontrol"].itemprop == "tekKontrolDocLink"
    assert kinds["tek_kontrol"].name.startswith("Положение о формах, периодичности и порядке текущего контроля")
    assert list(LocalActKind.objects.values_list("code", flat=True)) == ["vsoko", "tek_kontrol"]


def test_submit_stores_a_pending_version_under_a_generated_name(world, vsoko, settings):
    upload = act_file("pdf", name="Положение о ВСОКО (итог).pdf")
    content = upload.read()
    upload.seek(0)
    version = _submit(world, vsoko, file=upload, comment="Первая редакция")
    assert (version.number, version.state) == (1, ReviewState.PENDING)
    assert version.original_name == "Положение о ВСОКО (итог).pdf"
    assert version.file.name.startswith("acts/") and version.file.name.endswith(".pdf")
    assert "Положение" not in version.file.name and len(version.file.name) == len("acts/") + 32 + len(".pdf")
    assert version.size == len(content) and version.content_type == "application/pdf"
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    assert (settings.MEDIA_ROOT / version.file.name).read_bytes() == content
    event = ActEvent.objects.get()
    assert (event.kind, event.from_state, event.to_state, event.author, event.comment) == (
        ActEvent.Kind.SUBMITTED, "", ReviewState.PENDING, world.home.head, "Первая редакция")


def test_a_new_upload_is_a_new_version_and_overwrites_nothing(world, vsoko, settings):
    first = _submit(world, vsoko, file=act_file("pdf", text="first"))
    first_bytes = (settings.MEDIA_ROOT / first.file.name).read_bytes()
    local_act_review(version=first, user=world.home.officer, decision=ReviewState.RETURNED,
                     remarks="Нет раздела об оценочных процедурах", expected_state=ReviewState.PENDING)
    second = _submit(world, vsoko, file=act_file("docx", name="Положение.docx"), approval_number="52",
                     comment="Добавлен раздел 5")
    assert second.number == 2 and second.act_id == first.act_id and second.file.name != first.file.name
    first.refresh_from_db()
    assert (first.state, first.remarks, first.approval_number) == (ReviewState.RETURNED, "Нет раздела об оценочных процедурах", "45")
    assert (settings.MEDIA_ROOT / first.file.name).read_bytes() == first_bytes
    assert LocalAct.objects.count() == 1 and LocalActVersion.objects.count() == 2
    event = ActEvent.objects.filter(version=second).get()
    assert (event.from_state, event.to_state, event.comment) == (ReviewState.RETURNED, ReviewState.PENDING, "Добавлен раздел 5")


@pytest.mark.parametrize("decision, remarks", [
    (ReviewState.ACCEPTED, ""),
    (ReviewState.ACCEPTED, "Принято, замечаний нет"),
    (ReviewState.RETURNED, "Ссылка ведёт на редакцию 2019 года"),
])
def test_review_transitions(world, vsoko, decision, remarks):
    version = _submit(world, vsoko)
    local_act_review(version=version, user=world.home.officer, decision=decision, remarks=remarks,
                     expected_state=ReviewState.PENDING)
    version.refresh_from_db()
    assert (version.state, version.remarks, version.reviewer) == (decision, remarks, world.home.officer)
    assert version.reviewed_at is not None
    event = ActEvent.objects.filter(kind=ActEvent.Kind.REVIEWED).get()
    assert (event.from_state, event.to_state, event.comment, event.author) == (
        ReviewState.PENDING, decision, remarks, world.home.officer)


def test_an_officer_may_change_a_decision_knowing_the_current_state(world, vsoko):
    version = _submit(world, vsoko)
    local_act_review(version=version, user=world.home.officer, decision=ReviewState.ACCEPTED, expected_state=ReviewState.PENDING)
    local_act_review(version=version, user=world.admin, decision=ReviewState.RETURNED, remarks="Принят по ошибке",
                     expected_state=ReviewState.ACCEPTED)
    version.refresh_from_db()
    assert version.state == ReviewState.RETURNED
    assert list(ActEvent.objects.order_by("pk").values_list("to_state", flat=True)) == [
        ReviewState.PENDING, ReviewState.ACCEPTED, ReviewState.RETURNED]


@pytest.mark.parametrize("remarks", ["", "   \n "])
def test_returning_needs_remarks(world, vsoko, remarks):
    version = _submit(world, vsoko)
    with pytest.raises(ValidationError) as error:
        local_act_review(version=version, user=world.home.officer, decision=ReviewState.RETURNED, remarks=remarks,
                         expected_state=ReviewState.PENDING)
    assert "Укажите замечания" in error.value.message_dict["remarks"][0]
    version.refresh_from_db()
    assert version.state == ReviewState.PENDING and ActEvent.objects.count() == 1


@pytest.mark.parametrize("decision", ["", "pending", "delete"])
def test_unknown_decision_is_refused(world, vsoko, decision):
    version = _submit(world, vsoko)
    with pytest.raises(ValidationError):
        local_act_review(version=version, user=world.home.officer, decision=decision, remarks="x",
                         expected_state=ReviewState.PENDING)
    version.refresh_from_db()
    assert version.state == ReviewState.PENDING


def test_concurrent_review_is_refused(world, vsoko):
    """Two officers open the same version; the second decision must not silently replace the first."""
    version = _submit(world, vsoko)
    seen_by_second = LocalActVersion.objects.get(pk=version.pk)
    local_act_review(version=version, user=world.home.officer, decision=ReviewState.ACCEPTED, expected_state=ReviewState.PENDING)
    with pytest.raises(ReviewConflict) as conflict:
        local_act_review(version=seen_by_second, user=world.admin, decision=ReviewState.RETURNED,
                         remarks="Не подписан", expected_state=seen_by_second.state)
    assert "уже проверили" in str(conflict.value) and "принят" in str(conflict.value)
    version.refresh_from_db()
    assert (version.state, version.reviewer, version.remarks) == (ReviewState.ACCEPTED, world.home.officer, "")
    assert ActEvent.objects.filter(kind=ActEvent.Kind.REVIEWED).count() == 1


def test_reviewing_a_superseded_version_is_refused(world, vsoko):
    first = _submit(world, vsoko)
    _submit(world, vsoko, comment="Исправленная редакция")
    with pytest.raises(ReviewConflict, match="версию 2"):
        local_act_review(version=first, user=world.home.officer, decision=ReviewState.ACCEPTED,
                         expected_state=ReviewState.PENDING)
    first.refresh_from_db()
    assert first.state == ReviewState.PENDING


def test_same_decision_twice_is_refused(world, vsoko):
    version = _submit(world, vsoko)
    local_act_review(version=version, user=world.home.officer, decision=ReviewState.ACCEPTED, expected_state=ReviewState.PENDING)
    with pytest.raises(ValidationError, match="уже в состоянии"):
        local_act_review(version=version, user=world.home.officer, decision=ReviewState.ACCEPTED,
                         expected_state=ReviewState.ACCEPTED)


@pytest.mark.parametrize("who", ["home_head", "regional", "away_officer", "sibling_head"])
def test_who_may_not_review(world, vsoko, who):
    version = _submit(world, vsoko)
    user = {"home_head": world.home.head, "regional": world.regional, "away_officer": world.away.officer,
            "sibling_head": world.home.other_head}[who]
    with pytest.raises(PermissionDenied):
        local_act_review(version=version, user=user, decision=ReviewState.ACCEPTED, expected_state=ReviewState.PENDING)
    version.refresh_from_db()
    assert version.state == ReviewState.PENDING


@pytest.mark.parametrize("who", ["sibling_head", "officer", "regional", "away_head"])
def test_who_may_not_submit(world, vsoko, settings, who):
    user = {"sibling_head": world.home.other_head, "officer": world.home.officer, "regional": world.regional,
            "away_head": world.away.head}[who]
    with pytest.raises(PermissionDenied):
        _submit(world, vsoko, user=user)
    assert not LocalActVersion.objects.exists() and not LocalAct.objects.exists()
    assert not (settings.MEDIA_ROOT / "acts").exists() or not any((settings.MEDIA_ROOT / "acts").iterdir())


def test_admin_may_submit_for_any_school(world, vsoko):
    assert _submit(world, vsoko, school=world.away.school, user=world.admin).number == 1


@pytest.mark.parametrize("overrides, field, message", [
    ({"approval_date": "tomorrow"}, "approval_date", "ещё не наступила"),
    ({"approval_date": None}, "approval_date", "Укажите дату"),
    ({"approval_number": "  "}, "approval_number", "Укажите номер"),
    ({"file": None}, "file", "Выберите файл"),
])
def test_bad_requisites_save_nothing(world, vsoko, settings, overrides, field, message):
    if overrides.get("approval_date") == "tomorrow":
        overrides = {"approval_date": local_today() + timedelta(days=1)}
    with pytest.raises(ValidationError) as error:
        _submit(world, vsoko, **overrides)
    assert message in " ".join(error.value.message_dict[field])
    assert not LocalActVersion.objects.exists() and not ActEvent.objects.exists()


def test_approval_today_is_fine(world, vsoko):
    assert _submit(world, vsoko, approval_date=local_today()).number == 1


def test_retired_kind_takes_no_uploads(world, vsoko):
    vsoko.is_active = False
    vsoko.save()
    with pytest.raises(ValidationError) as error:
        _submit(world, vsoko)
    assert "больше не принимается" in error.value.message_dict["kind"][0]


def test_a_failure_after_storing_the_file_leaves_no_row_and_no_file(world, vsoko, settings, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ActEvent.objects, "create", broken)
    with pytest.raises(RuntimeError):
        _submit(world, vsoko)
    assert not LocalActVersion.objects.exists()
    acts_dir = settings.MEDIA_ROOT / "acts"
    assert not acts_dir.exists() or not any(acts_dir.iterdir())


def test_versions_of_two_kinds_are_numbered_apart(world, vsoko):
    make_act_version(world.home.school, user=world.home.head)
    other = make_act_version(world.home.school, user=world.home.head, kind_code="tek_kontrol")
    assert other.number == 1 and LocalAct.objects.count() == 2
