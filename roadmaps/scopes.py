"""Each model of roadmaps declares its path to its owners (schools.access); loaded by RoadmapsConfig.ready.

An order or roadmap belongs to a municipality, or — municipality empty — to its region; a region's own rows are
read by its municipalities and schools and changed by its regional specialists.
"""
from schools import access
from schools.access import MUNICIPALITY, REGION

from .models import ItemEvent, Order, OrderCitation, OrderClause, Roadmap, RoadmapItem

OWNED = {"shared": True, "changes": [REGION, MUNICIPALITY]}

access.register(Order, municipality="municipality", region="region", **OWNED)
access.register(OrderClause, municipality="order__municipality", region="order__region", **OWNED)
access.register(OrderCitation, municipality="order__municipality", region="order__region", **OWNED)
access.register(Roadmap, municipality="municipality", region="region", **OWNED)
access.register(RoadmapItem, municipality="roadmap__municipality", region="roadmap__region", **OWNED)
access.register(ItemEvent, municipality="item__roadmap__municipality", region="item__roadmap__region", shared=True)
