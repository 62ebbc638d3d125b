from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from jfa.accounts.views import set_language
from jfa.api import api
from jfa.core.views import privacy

urlpatterns = [
    path("", include("jfa.campaigns.urls")),
    path("give/", include("jfa.donations.urls")),
    path("payments/", include("jfa.payments.urls")),
    path("stories/", include("jfa.stories.urls")),
    path("transparency/", include("jfa.transparency.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("privacy/", privacy, name="privacy"),
]

if settings.BENCHMARK_VIEWS:
    urlpatterns.append(path("bench/", include("jfa.core.bench_urls")))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
