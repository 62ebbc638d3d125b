from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "jfa.partners"
    label = "partners"
