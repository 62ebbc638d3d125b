from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "jfa.campaigns"
    label = "campaigns"
