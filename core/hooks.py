"""Small explicit hooks: a lower layer says that something happened; a higher one, which it may not import,
subscribes in its ``AppConfig.ready``.

    task_sources_changed.fire(roadmap=roadmap)            # roadmaps / schools
    task_sources_changed.connect(school_tasks_sync)       # monitoring.apps.MonitoringConfig.ready
    municipality_added.fire(municipality=municipality)    # schools: a new municipality owes its region's tasks
"""
from collections.abc import Callable


class Hook:
    """A named list of receivers, called in order with the keyword arguments of ``fire``."""

    def __init__(self, name: str, doc: str = "") -> None:
        self.name, self.__doc__ = name, doc
        self._receivers: list[Callable[..., object]] = []

    def connect(self, receiver: Callable[..., object]) -> None:
        if receiver not in self._receivers:
            self._receivers.append(receiver)

    def disconnect(self, receiver: Callable[..., object]) -> None:
        if receiver in self._receivers:
            self._receivers.remove(receiver)

    def fire(self, **kwargs) -> None:
        for receiver in list(self._receivers):
            receiver(**kwargs)


task_sources_changed = Hook(
    "task_sources_changed",
    "The sources of per-school tasks changed: fired with one of order=, roadmap= or school= "
    "(a new or reactivated school owes the open tasks; an edited order or roadmap changes what schools owe).",
)

municipality_added = Hook(
    "municipality_added",
    "A municipality was created: fired with municipality= (it owes its region's tasks addressed to every "
    "municipality of the region).",
)
