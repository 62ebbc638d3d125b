"""Sign in with WordPress.com: an OAuth2 provider for django-allauth, which ships none for it."""
