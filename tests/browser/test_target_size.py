"""Breadcrumb links are 24 px targets as laid out in the browser (WCAG 2.2 target size, Lighthouse's audit), on
a desktop and on a phone; tests/test_target_size.py checks the rule in the stylesheet, this its effect."""

import pytest

pytestmark = pytest.mark.browser

MIN_TARGET_PX = 24
PAGES = ["/pilot-actions/", "/map/", "/about/", "/fr/outputs/"]


@pytest.mark.parametrize("width", [1280, 390])
def test_breadcrumb_links_are_24px_targets(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path in PAGES:
        page.goto(path)
        heights = page.eval_on_selector_all(
            "nav.breadcrumbs a", "links => links.map(link => link.getBoundingClientRect().height)"
        )
        assert heights, f"{path}: no breadcrumb link"
        assert min(heights) >= MIN_TARGET_PX, (path, heights)
