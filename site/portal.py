"""Panels that the working apps add to the portal home page (/my/).

An app registers a panel in its AppConfig.ready(): a template, the roles it is for, and a
function that returns the template's context for the request. The platform imports no app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    roles: frozenset
    get_context: Callable[..., dict] = field(compare=False)
    order: int = 100


_panels: dict[str, Panel] = {}


def register_panel(name, *, template, roles, get_context, order=100) -> None:
    _panels[name] = Panel(name, template, frozenset(roles), get_context, order)


def panels_for(request) -> list[dict]:
    user = request.user
    shown = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.name)):
        if user.role_names & panel.roles:
            shown.append({"template": panel.template, **panel.get_context(request)})
    return shown
