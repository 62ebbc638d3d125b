from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "jfa.stories"
    label = "stories"
