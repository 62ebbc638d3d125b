from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "donations"
urlpatterns = [
    # "/give" is the address people say aloud and print; every gift is made on a page, so it leads to
    # the search for one, as the home page's "Give to an advocate" does.
    path("", RedirectView.as_view(pattern_name="campaigns:search", query_string=True), name="give"),
    path("page/<slug:slug>/", views.give_to_page, name="give_to_page"),
    path("team/<slug:slug>/", views.give_to_team, name="give_to_team"),
    path("route/<str:kind>/<slug:slug>/", views.route_note, name="route_note"),
    path("fee/", views.fee_preview, name="fee_preview"),
    path("thanks/<uuid:public_id>/", views.thanks, name="thanks"),
]
