"""Reading a page's form as a browser would submit it untouched: every field's current value,
the first choice of each radio group, ticked boxes only."""

import re
from html.parser import HTMLParser


class _Form(HTMLParser):
    def __init__(self, target: str, on_the_page: bool):
        super().__init__()
        self.target, self.on_the_page = target, on_the_page
        self.inside = False
        self.found = False
        self.values: dict[str, list[str]] = {}
        self.radios_taken: set[str] = set()
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and not self.found:
            self._form(a)
        elif not self.inside or not (a.get("name") or tag == "option"):
            return
        elif tag == "input":
            self._input(a)
        elif tag == "select":
            self._select, self._select_first, self._select_chosen = a["name"], None, False
        elif tag == "option" and self._select:
            self._option(a)
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = [""]

    def _form(self, a: dict[str, str]) -> None:
        action = a.get("action", "")
        wanted = (action in ("", ".") and self.on_the_page) or (
            bool(action) and action.split("?")[0] == self.target
        )
        self.inside = a.get("method", "get").lower() == "post" and wanted

    def _input(self, a: dict[str, str]) -> None:
        name, kind = a["name"], a.get("type", "text").lower()
        if kind == "radio":
            value = a.get("value", "on")
            # The ticked one, else the first that is a real choice (not "no answer").
            if "checked" in a or (name not in self.radios_taken and value):
                self.values[name] = [value]
                self.radios_taken.add(name)
        elif kind == "checkbox":
            if "checked" in a:
                self.values.setdefault(name, []).append(a.get("value", "on"))
        elif kind not in ("submit", "button", "file", "image", "reset"):
            self.values[name] = [a.get("value", "")]

    def _option(self, a: dict[str, str]) -> None:
        assert self._select is not None
        value = a.get("value", "")
        if self._select_first is None and value:
            self._select_first = value
        if "selected" in a and value:  # "Choose…" selected means nothing is chosen yet
            self.values[self._select] = [value]
            self._select_chosen = True

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if not self._select_chosen and self._select_first is not None:
                self.values[self._select] = [self._select_first]
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.inside:
            self.inside = False
            self.found = True


def form_values(html: str, target: str, page: str) -> dict[str, list[str]]:
    """The first POST form of the page at `page` that posts to `target` (its action, or no action
    when the target is the page itself), as a browser would send it untouched."""
    parser = _Form(target, on_the_page=target == page)
    parser.feed(html)
    return parser.values


def links(html: str, pattern: str) -> list[str]:
    """Every distinct href matching the regular expression `pattern`, in page order."""
    seen: dict[str, None] = {}
    for href in re.findall(r'href="([^"]+)"', html):
        if re.fullmatch(pattern, href):
            seen[href] = None
    return list(seen)
