from allauth.socialaccount.providers.oauth2.urls import default_urlpatterns

from .provider import WordPressProvider

urlpatterns = default_urlpatterns(WordPressProvider)
