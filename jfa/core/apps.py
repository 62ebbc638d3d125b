from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "jfa.core"
    label = "core"
    verbose_name = _("Background tasks")
