from django.contrib import admin
from django.db import models

from jfa.core.admin import CountryFilter, CountryMenus

from .models import Partner


@admin.register(Partner)
class PartnerAdmin(CountryMenus, admin.ModelAdmin):
    list_display = ["name", "country", "is_active"]
    list_filter = [CountryFilter, "is_active"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    # A website typed without its scheme ("ijm.ca") is a secure one: partners' sites all are.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
