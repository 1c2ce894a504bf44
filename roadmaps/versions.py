"""Roadmap writes raise the data version of the municipalities whose pages show them (``schools.versions``).

Connected in ``RoadmapsConfig.ready``: every order, clause, roadmap and item saved or deleted (a form, a service,
the admin), and ``task_sources_changed`` (an import writes its rows in bulk, then fires it)."""
from schools.versions import bump

from .models import Order, OrderClause, Roadmap, RoadmapItem


def _bump_owner(owner) -> None:
    """An order or roadmap of a municipality, or of a region (then every municipality of the region sees it)."""
    if owner is not None:
        bump(municipality_ids=[owner.municipality_id], region_ids=[] if owner.municipality_id else [owner.region_id])


def _owner_of(instance):
    if isinstance(instance, (Order, Roadmap)):
        return instance
    model, pk = (Roadmap, instance.roadmap_id) if isinstance(instance, RoadmapItem) else (Order, instance.order_id)
    return model.objects.filter(pk=pk).only("municipality_id", "region_id").first()


def roadmap_data_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        _bump_owner(_owner_of(instance))


def task_sources_changed(*, order=None, roadmap=None, school=None, **kwargs) -> None:
    _bump_owner(order or roadmap)
    if school is not None:
        bump(municipality_ids=[school.municipality_id])


MODELS = (Order, OrderClause, Roadmap, RoadmapItem)
