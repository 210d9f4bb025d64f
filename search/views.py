from django.core.paginator import Paginator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.canonical import keep_in_canonical_address
from search.forms import SearchForm
from search.query import Search
from search.registry import KINDS

PAGE_SIZE = 20


class CountedPaginator(Paginator):
    """Told its count (the sum of the counts by type) rather than asking the database again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count


class SearchView(TemplateView):
    """/search/?q=…&type=…&page=…: every public kind of content, ranked, counted by type, highlighted.

    An empty, too long or malformed search shows the form with its message (status 200, as the lists do with a
    bad filter); an unknown type says so and shows every type."""

    template_name = "search/results.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET)
        query, kind = form.query, form.kind
        context = {"form": form, "query": query, "kind": kind, "results": [], "crumbs": [(_("Search"), None)]}
        if query:
            search = Search(query, get_language())
            counts = search.counts()
            total = sum(counts.values())
            context["types"] = [
                {"key": key, "label": indexed.label, "count": counts.get(key, 0)}
                for key, indexed in KINDS.items()
                if counts.get(key)
            ]
            context["total"] = total
            shown = counts.get(kind, 0) if kind else total
            paginator = CountedPaginator(search.ranked(kind), PAGE_SIZE, shown)
            page = paginator.get_page(self.request.GET.get("page"))
            for entry in search.highlighted(page.object_list):
                entry.kind_label = KINDS[entry.kind].singular if entry.kind in KINDS else entry.kind
                context["results"].append(entry)
            context.update(paginator=paginator, page_obj=page)
            keep_in_canonical_address(
                self.request, [("q", query), ("type", kind), ("page", page.number if page.number > 1 else None)]
            )
        return super().get_context_data(**context, **kwargs)
