import pytest
from django.core.exceptions import ValidationError

from borders import geometry
from tests.factories import BorderFactory, CountryFactory, square


def test_shared_edge_of_neighbouring_squares():
    line = geometry.shared_edge([geometry.polygonal(square(0, 0)), geometry.polygonal(square(1, 0))])
    assert line.geom_type == "MultiLineString"
    assert line.length == pytest.approx(1.0)
    assert geometry.label_point(line) == (0.5, 1.0)


def test_countries_apart_share_no_edge():
    assert geometry.shared_edge([geometry.polygonal(square(0, 0)), geometry.polygonal(square(5, 0))]) is None


def test_corner_contact_is_not_an_edge():
    assert geometry.shared_edge([geometry.polygonal(square(0, 0)), geometry.polygonal(square(1, 1))]) is None


def test_collections_keep_only_their_polygons():
    collection = {
        "type": "GeometryCollection",
        "geometries": [square(0, 0), {"type": "LineString", "coordinates": [[5, 5], [6, 6]]}],
    }
    assert geometry.polygonal(collection).geom_type == "Polygon"


@pytest.mark.parametrize(
    "bad",
    [
        {"type": "Polygon"},
        {"type": "Nonsense", "coordinates": []},
        "text",
        {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
    ],
)
def test_invalid_shapes_give_a_validation_error(bad):
    with pytest.raises(ValidationError):
        geometry.polygonal(bad)


@pytest.mark.django_db
def test_border_derives_its_line_from_its_countries():
    first = CountryFactory(iso_code="XA", shape=square(10, 50))
    second = CountryFactory(iso_code="XB", shape=square(11, 50))
    border = BorderFactory(line=None, countries=[first, second])
    assert border.derive_line()
    border.save()
    assert border.line["coordinates"] == [[[11.0, 50.0], [11.0, 51.0]]] or border.line["coordinates"] == [
        [[11.0, 51.0], [11.0, 50.0]]
    ]
    assert (border.label_latitude, border.label_longitude) == (50.5, 11.0)


@pytest.mark.django_db
def test_country_code_is_upper_case_and_label_point_inside():
    country = CountryFactory(iso_code="xc", shape=square(3, 45))
    country.refresh_from_db()
    assert country.iso_code == "XC"
    assert 45 < country.label_latitude < 46 and 3 < country.label_longitude < 4
    assert country.bbox == [3.0, 45.0, 4.0, 46.0]


@pytest.mark.django_db
def test_border_line_must_be_a_line():
    border = BorderFactory.build(line=square(0, 0))
    with pytest.raises(ValidationError):
        border.clean()
