from django import template

from projects.programme import Source

register = template.Library()


@register.inclusion_tag("programme/includes/sources.html")
def sources(*items):
    """'Source: …' or 'Sources: …; …' under a fact, each linked where the facts give an address.

    Takes sources, or lists of them (a milestone's)."""
    flat = []
    for item in items:
        flat.extend([item] if isinstance(item, Source) else item)
    return {"sources": flat}
