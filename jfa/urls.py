from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.cache import cache_page

from jfa.accounts.views import close_account, download_data, set_language
from jfa.api import api
from jfa.campaigns.sitemaps import AdvocatePages, Teams
from jfa.core.sitemaps import NamedPages
from jfa.core.views import health, media, privacy, robots_txt
from jfa.stories.sitemaps import Stories

# What search engines are told about, section by section.
SITEMAPS = {
    "site": NamedPages(
        "campaigns:home", "campaigns:advocates", "campaigns:teams", "stories:index", "transparency:report", "privacy"
    ),
    "pages": AdvocatePages,
    "teams": Teams,
    "stories": Stories,
}

handler400 = "jfa.core.views.bad_request"

urlpatterns = [
    path("", include("jfa.campaigns.urls")),
    path("give/", include("jfa.donations.urls")),
    path("payments/", include("jfa.payments.urls")),
    path("stories/", include("jfa.stories.urls")),
    path("transparency/", include("jfa.transparency.urls")),
    path("accounts/close/", close_account, name="close_account"),
    path("accounts/data/", download_data, name="download_data"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("privacy/", privacy, name="privacy"),
    path("robots.txt", robots_txt),
    path("health/", health, name="health"),
    path("media/<path:name>", media, name="media"),
    # Shared cache: an hour-old list is fresh enough for a crawler, and every process serves the same one.
    path("sitemap.xml", cache_page(3600)(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
]

if settings.BENCHMARK_VIEWS:
    urlpatterns.append(path("bench/", include("jfa.core.bench_urls")))
