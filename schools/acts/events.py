"""The history of local acts: one function per business event; nothing else creates an ActEvent."""
from ..models import ActEvent, LocalActVersion, ReviewState


def act_submitted(*, version: LocalActVersion, author, previous_state: str) -> ActEvent:
    return ActEvent.objects.create(
        version=version, kind=ActEvent.Kind.SUBMITTED, author=author,
        from_state=previous_state, to_state=ReviewState.PENDING, comment=version.comment,
    )


def act_reviewed(*, version: LocalActVersion, author, decision: str, remarks: str) -> ActEvent:
    """Recorded before the version's state changes: `from_state` is the state the reviewer saw."""
    return ActEvent.objects.create(
        version=version, kind=ActEvent.Kind.REVIEWED, author=author,
        from_state=version.state, to_state=decision, comment=remarks,
    )
