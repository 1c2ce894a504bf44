"""Who may load orders, and into which municipality: administrators anywhere, a municipal officer only
into their own municipality; regional officers and school heads read only."""
from django.db.models import QuerySet

from schools.models import Municipality
from schools.selectors import municipalities_changeable_by


def municipalities_importable_by(user) -> QuerySet[Municipality]:
    return municipalities_changeable_by(user)
