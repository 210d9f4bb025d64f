"""Breadcrumb links as touch targets (WCAG 2.2 SC 2.5.8, Lighthouse's 24 px): a check of the stylesheet's rules,
not a measurement in a browser (the browser tests under tests/browser/ measure rendered pages)."""

import re

from django.conf import settings
from django.template.loader import render_to_string

RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
COMMENT = re.compile(r"/\*.*?\*/", re.S)


def declarations_for(selector):
    """Each property set on ``selector`` (alone or in a selector list) in static/css/site.css, in order."""
    css = COMMENT.sub("", (settings.BASE_DIR / "static" / "css" / "site.css").read_text(encoding="utf-8"))
    found = {}
    for selectors, body in RULE.findall(css):
        if selector in (part.strip() for part in selectors.split(",")):
            for declaration in body.split(";"):
                if ":" in declaration:
                    name, value = declaration.split(":", 1)
                    found[name.strip()] = value.strip()
    return found


def pixels(value):
    number, unit = re.fullmatch(r"([\d.]+)(px|rem)", value).groups()
    return float(number) * (16 if unit == "rem" else 1)


def test_breadcrumb_links_are_at_least_24px_high():
    rules = declarations_for(".breadcrumbs a")
    assert rules.get("display") in {"inline-block", "block", "inline-flex", "flex"}, "min-height needs a box"
    assert pixels(rules["min-height"]) >= 24


def test_the_breadcrumb_links_are_the_ones_that_rule_selects():
    html = render_to_string("includes/breadcrumbs.html", {"crumbs": [("Pilot actions", "/pilot-actions/"), ("A", "")]})
    assert '<nav class="breadcrumbs"' in html
    assert html.count("<a href=") == 2
