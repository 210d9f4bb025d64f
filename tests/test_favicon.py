"""The icon browsers show in tabs and bookmarks: /favicon.ico answers, and every page's head links the icon."""

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from PIL import Image

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_to_a_static_icon_that_exists(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("favicon.ico")
    path = finders.find("favicon.ico")
    assert path, "static/favicon.ico is missing"
    with Image.open(path) as icon:
        assert icon.format == "ICO"
        assert (32, 32) in icon.info["sizes"]


def test_the_svg_icon_exists_and_is_an_svg():
    path = finders.find("favicon.svg")
    assert path
    with open(path, encoding="utf-8") as svg:
        assert svg.read().startswith('<svg xmlns="http://www.w3.org/2000/svg"')


@pytest.mark.parametrize("path", ["/", "/pilot-actions/", "/fr/about/", "/updates/", "/no-such-page/"])
def test_every_page_links_the_icon_in_its_head(client, programme, path):
    html = client.get(path).content.decode()
    head = html.split("</head>", 1)[0]
    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in head
    assert f'<link rel="icon" href="{static("favicon.ico")}"' in head
