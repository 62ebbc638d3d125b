"""The report names the partner organizations and the fund that serves each: a donor learns who
"shared by our partner organizations" means."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jfa.partners.models import Partner
from jfa.stories.models import Post

from .test_report import year_of_gifts  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners(books, campaign, staff):
    canada = Partner.objects.get(slug="ijm-canada")
    canada.website = "https://www.ijm.ca"
    canada.summary = "IJM Canada works with local authorities."
    canada.summary_fr = "IJM Canada travaille avec les autorités locales."
    canada.save()
    aftercare = Partner.objects.create(
        name="Freedom Road Aftercare", slug="freedom-road", country="US", summary="Aftercare for survivors."
    )
    Partner.objects.create(name="Closed Partner", slug="closed", country="US", is_active=False)
    published = timezone.now() - dt.timedelta(hours=1)
    Post.objects.create(
        title="Spotlight", slug="spotlight-freedom-road", body="Body", status=Post.Status.PUBLISHED,
        publish_at=published, partner=aftercare, author=staff,
    )  # fmt: skip
    Post.objects.create(
        title="Draft", slug="draft-canada", body="Body", status=Post.Status.DRAFT, partner=canada, author=staff
    )
    return canada, aftercare


def section(html: str) -> str:
    return html.split('id="partners"', 1)[1].split("</section>", 1)[0]


@pytest.mark.usefixtures("year_of_gifts")
def test_each_partner_is_named_with_the_fund_that_serves_it(client, partners):
    html = client.get(reverse("transparency:report")).content.decode()
    partners_html = section(html)
    assert '<a href="https://www.ijm.ca" rel="noopener">International Justice Mission Canada</a>' in partners_html
    assert "Canada · IJM Canada fund</p>" in partners_html
    assert "United States · Global grant pool (shared through grants)</p>" in partners_html
    assert "<h3>Freedom Road Aftercare</h3>" in partners_html  # no website: no link
    assert "Closed Partner" not in partners_html
    # The newest published spotlight of a partner is linked; a draft is not.
    assert 'href="/stories/spotlight-freedom-road/">Read their Friday spotlight' in partners_html
    assert "draft-canada" not in html
    # The shared pool's line in the money tables leads here.
    assert '<a href="#partners">Shared by our partner organizations, granted after the campaign</a>' in html


def test_in_french_the_french_summary_and_an_english_one_marked_as_english(client, partners):
    html = client.get(reverse("transparency:report"), headers={"accept-language": "fr"}).content.decode()
    partners_html = section(html)
    assert "Nos organismes partenaires" in partners_html
    assert "<p>IJM Canada travaille avec les autorités locales.</p>" in partners_html
    assert '<p lang="en">Aftercare for survivors.</p>' in partners_html
    assert "États-Unis · Fonds mondial de subventions (partagé au moyen de subventions)" in partners_html
