"""Read an admin form as a browser would submit it: every field with its current value.

Tests that post Wagtail's edit forms start from what the page really renders, so a field the form
gains later is sent back as it is instead of being silently left out of a hand-written dict.
"""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields = {}
        self._select = None
        self._multiple = False
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self.fields[name] = attributes.get("value", "on")
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self.fields[name] = attributes.get("value", "")
        elif tag == "select" and name:
            self._select, self._multiple = name, "multiple" in attributes
            if not self._multiple:
                self.fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attributes:
            value = attributes.get("value", "")
            if self._multiple:
                self.fields.setdefault(self._select, []).append(value)
            else:
                self.fields[self._select] = value
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data


def form_fields(html):
    """The name -> value pairs a browser would post from `html` (multi-selects as lists)."""
    parser = _FormFields()
    parser.feed(html)
    return parser.fields
