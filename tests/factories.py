"""Factories for tests. Square country shapes side by side share an edge, like real neighbours."""

import datetime
import io
import random
import zipfile
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify

from borders.models import Border, Country
from notifications.models import Subscription
from projects.models import (
    Organisation,
    Partnership,
    PilotAction,
    ProgressReport,
    ReportingDeadline,
    ThematicGroup,
    Theme,
)
from results.models import FollowUp, Language, Obstacle, ObstacleMet, Output, OutputKind, Results
from selection.models import Call, Criterion
from webinars.models import AgendaItem, Webinar


def photo_upload(name="photo.jpg", size=(640, 480), image_format="JPEG", exif=None):
    """An in-memory photo as a browser would upload it."""
    from PIL import Image

    buffer = io.BytesIO()
    options = {"exif": exif} if exif else {}
    Image.new("RGB", size, (30, 110, 160)).save(buffer, format=image_format, **options)
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}.get(image_format, "image/gif")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name="report.pdf"):
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def docx_upload(name="report.docx"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def square(west, south, size=1.0):
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
        ],
    }


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("a-long-test-password")


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ["iso_code"]

    iso_code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    name = factory.LazyAttribute(lambda country: f"Country {country.iso_code}")
    shape = factory.Sequence(lambda n: square(n % 40, 40))
    is_eligible = True


class BorderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Border
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Border {n}")
    slug = factory.LazyAttribute(lambda border: slugify(border.name))
    line = {"type": "MultiLineString", "coordinates": [[[1.0, 40.0], [1.0, 41.0]]]}

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Organisation {n}")
    city = "Strasbourg"


class ThematicGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicGroup
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"group-{n}")
    name = factory.Sequence(lambda n: f"Group {n}")
    code_prefix = "CM"
    coordinating_organisation = factory.SubFactory(OrganisationFactory)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Theme {n}")


class PilotActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PilotAction
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Pilot action {n}")
    slug = factory.LazyAttribute(lambda pilot_action: slugify(pilot_action.title))
    group = factory.SubFactory(ThematicGroupFactory)
    status = PilotAction.Status.SELECTED
    latitude = factory.Faker("pydecimal", left_digits=2, right_digits=4, min_value=36, max_value=60)
    longitude = factory.Faker("pydecimal", left_digits=2, right_digits=4, min_value=-9, max_value=28)
    summary = "A pilot action made for a test."

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def borders(self, create, extracted, **kwargs):
        if create and extracted:
            self.borders.set(extracted)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    pilot_action = factory.SubFactory(PilotActionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Partnership.Role.PARTNER


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    pilot_action = factory.SubFactory(PilotActionFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Progress report {n}")
    period_start = datetime.date(2025, 2, 1)
    period_end = datetime.date(2025, 4, 30)
    body = "We met **twice** across the border."
    status = ProgressReport.Status.PUBLISHED


class OutputFactory(factory.django.DjangoModelFactory):
    """A published output with a link; pass ``file=pdf_upload()`` for one with a document."""

    class Meta:
        model = Output
        skip_postgeneration_save = True

    pilot_action = factory.SubFactory(PilotActionFactory)
    kind = factory.LazyFunction(lambda: OutputKind.objects.order_by("order").first())
    title = factory.Sequence(lambda n: f"Joint output {n}")
    summary = "What the partners agreed on, and how they will use it."
    date = datetime.date(2025, 9, 15)
    link = factory.Sequence(lambda n: f"https://example.org/outputs/{n}")
    status = Output.Status.PUBLISHED

    @factory.post_generation
    def languages(self, create, codes, **kwargs):
        if create and codes:
            self.languages.set(Language.objects.filter(code__in=codes))

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class ResultsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Results

    pilot_action = factory.SubFactory(PilotActionFactory)
    achievements = "A joint plan, adopted by both councils."
    status = Results.Status.PUBLISHED


def obstacle_met(results, slug, note=""):
    return ObstacleMet.objects.create(results=results, obstacle=Obstacle.objects.get(slug=slug), note=note)


def follow_up(results, title, link=""):
    return FollowUp.objects.create(results=results, title=title, link=link)


class WebinarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Webinar

    title = factory.Sequence(lambda n: f"Webinar {n}")
    slug = factory.LazyAttribute(lambda webinar: slugify(webinar.title))
    date = datetime.date(2025, 1, 27)
    start_time = datetime.time(10, 0)
    duration = datetime.timedelta(minutes=90)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    webinar = factory.SubFactory(WebinarFactory)
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class ReportingDeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingDeadline

    title = factory.Sequence(lambda n: f"Progress report {n}")
    due_date = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=5))


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    pilot_action = factory.SubFactory(PilotActionFactory)
    confirmed_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Call {n}")
    group = factory.SubFactory(ThematicGroupFactory)
    opens_on = datetime.date(2024, 9, 1)
    closes_on = datetime.date(2024, 11, 30)

    @factory.post_generation
    def jurors(self, create, extracted, **kwargs):
        if create and extracted:
            self.jurors.set(extracted)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1
    max_score = 10


def juror(username):
    """A member of the Jury group, as staff make one: staff status (for admin) and the group."""
    from django.contrib.auth.models import Group

    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Jury")[0])
    return user


def programme_staff(username="officer"):
    from django.contrib.auth.models import Group

    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name="Programme staff")[0])
    return user


class FrequentlyAskedQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "programme.FrequentlyAskedQuestion"

    slug = factory.Sequence(lambda n: f"question-{n}")
    question = factory.Sequence(lambda n: f"Question {n}?")
    answer = "An answer, from a source.\n\nSource: [example](https://example.org/)."
    order = factory.Sequence(lambda n: 1000 + n)
    is_published = True


def bulk_pilot_actions(count, seed=7, bbox=(-10, 36, 30, 60), group=None, decimals=5, prefix="bulk"):
    """``count`` public pilot actions at once, spread at random over ``bbox`` (west, south, east, north, in
    degrees) with ``decimals`` decimals, in ``group`` (a new one if None), without a query each."""
    generator = random.Random(seed)
    group = group or ThematicGroupFactory()
    west, south, east, north = bbox
    PilotAction.objects.bulk_create(
        PilotAction(
            title=f"{prefix.capitalize()} pilot action {index}",
            slug=f"{prefix}-{seed}-{index}",
            group=group,
            status="selected",
            latitude=Decimal(f"{generator.uniform(south, north):.{decimals}f}"),
            longitude=Decimal(f"{generator.uniform(west, east):.{decimals}f}"),
        )
        for index in range(count)
    )
