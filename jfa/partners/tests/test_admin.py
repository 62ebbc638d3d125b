"""Staff edit partner organizations in the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jfa.partners.models import Partner

pytestmark = pytest.mark.django_db


def test_a_website_typed_without_its_scheme_is_saved_as_a_secure_address(admin_client):
    response = admin_client.post(
        reverse("admin:partners_partner_add"),
        {
            "name": "Freedom Works",
            "slug": "freedom-works",
            "country": "US",
            "website": "freedomworks.example",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Partner.objects.get(slug="freedom-works").website == "https://freedomworks.example"
