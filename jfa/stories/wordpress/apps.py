from django.apps import AppConfig


class WordPressProviderConfig(AppConfig):
    name = "jfa.stories.wordpress"
    label = "stories_wordpress"
    verbose_name = "WordPress.com sign-in"
