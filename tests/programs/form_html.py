"""A page's form read as a browser submits it, from the HTML alone (HTML's "constructing the entry list").

Used to post back exactly what a page shows, without JavaScript: a value the template forgets to
select, an option it leaves out, an input it names wrongly changes what is posted, as it would in a
browser. Buttons are not posted unless one is the submitter (`submitter=(name, value)`).
"""

from __future__ import annotations

from html.parser import HTMLParser

from django.http import QueryDict

NOT_POSTED = {"submit", "button", "image", "reset", "file"}


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = form_id is None
        self.disabled_depth = 0  # inside a <fieldset disabled>
        self.fieldsets: list[bool] = []
        self.entries: list[tuple[str, str]] = []
        self.select: dict | None = None
        self.option: dict | None = None
        self.textarea: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: (value or "") for name, value in attrs}
        if tag == "form" and self.form_id is not None:
            self.in_form = attributes.get("id") == self.form_id
        if not self.in_form:
            return
        if tag == "fieldset":
            self.fieldsets.append("disabled" in attributes)
        disabled = "disabled" in attributes or any(self.fieldsets)
        if tag == "input" and not disabled and attributes.get("name"):
            kind = attributes.get("type", "text").lower()
            if kind in NOT_POSTED or (kind in ("checkbox", "radio") and "checked" not in attributes):
                return
            value = attributes.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind not in ("hidden", "checkbox", "radio"):
                value = value.replace("\r", "").replace("\n", "")  # a text input's value has no line break
            self.entries.append((attributes["name"], value))
        elif tag == "select":
            self.select = {"name": attributes.get("name"), "disabled": disabled, "multiple": "multiple" in attributes,
                           "options": []}  # fmt: skip
        elif tag == "option" and self.select is not None:
            self.option = {"value": attributes.get("value"), "selected": "selected" in attributes, "text": "",
                           "disabled": "disabled" in attributes}  # fmt: skip
            self.select["options"].append(self.option)
        elif tag == "textarea":
            self.textarea = {"name": attributes.get("name"), "disabled": disabled, "text": ""}

    def handle_data(self, data: str) -> None:
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.form_id is not None:
            self.in_form = False
        if tag == "fieldset" and self.fieldsets:
            self.fieldsets.pop()
        if tag == "option":
            self.option = None
        if tag == "select" and self.select is not None:
            select, self.select = self.select, None
            if select["disabled"] or not select["name"]:
                return
            options = select["options"]
            chosen = [option for option in options if option["selected"]]
            if not select["multiple"]:
                # A single select shows its last selected option, or its first enabled one.
                chosen = chosen[-1:] or [option for option in options if not option["disabled"]][:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else " ".join(option["text"].split())
                self.entries.append((select["name"], value))
        if tag == "textarea" and self.textarea is not None:
            textarea, self.textarea = self.textarea, None
            if not textarea["disabled"] and textarea["name"]:
                text = textarea["text"][1:] if textarea["text"].startswith("\n") else textarea["text"]
                self.entries.append((textarea["name"], text))


def form_data(html: str, form_id: str | None = "rule-form", submitter: tuple[str, str] | None = None) -> QueryDict:
    """What the form `form_id` of the page (or every control of a fragment, with None) posts."""
    reader = _FormReader(form_id)
    reader.feed(html)
    reader.close()
    data = QueryDict(mutable=True)
    for name, value in reader.entries:
        data.appendlist(name, value)
    if submitter is not None:
        data.appendlist(*submitter)
    return data
