from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from jfa.core.admin import CountryMenus, amounts_form, money_column

from .models import AdvocatePage, Campaign, DressLogEntry, ImpactTier, Team


class ImpactTierInline(admin.TabularInline):
    model = ImpactTier
    form = amounts_form(amount_minor="currency")
    extra = 1


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    form = amounts_form(goal_minor="goal_currency")
    list_display = ["name", "year", "starts_on", "ends_on", "is_active"]
    list_filter = ["is_active", "year"]
    search_fields = ["name"]
    inlines = [ImpactTierInline]


@admin.register(ImpactTier)
class ImpactTierAdmin(admin.ModelAdmin):
    form = amounts_form(amount_minor="currency")
    amount = money_column("amount_minor", _("amount"))
    list_display = ["campaign", "amount", "description"]
    list_filter = ["campaign", "currency"]
    search_fields = ["description", "description_fr"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    form = amounts_form(goal_minor="currency")
    goal = money_column("goal_minor", _("goal"))
    list_display = ["name", "campaign", "captain", "goal"]
    list_filter = ["campaign", "currency"]
    search_fields = ["name", "captain__email"]
    raw_id_fields = ["captain"]


class DressLogInline(admin.TabularInline):
    model = DressLogEntry
    extra = 0


@admin.register(AdvocatePage)
class AdvocatePageAdmin(CountryMenus, admin.ModelAdmin):
    form = amounts_form(goal_minor="currency")
    list_display = ["display_name", "title", "campaign", "country", "currency", "team", "is_published"]
    list_filter = ["campaign", "country", "currency", "is_published", "commitment"]
    search_fields = ["display_name", "title", "owner__email", "slug"]
    raw_id_fields = ["owner", "team"]
    inlines = [DressLogInline]
