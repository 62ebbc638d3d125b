from django.urls import path

from . import views

app_name = "donations"
urlpatterns = [
    path("page/<slug:slug>/", views.give_to_page, name="give_to_page"),
    path("team/<slug:slug>/", views.give_to_team, name="give_to_team"),
    path("route/<str:kind>/<slug:slug>/", views.route_note, name="route_note"),
    path("fee/", views.fee_preview, name="fee_preview"),
    path("thanks/<uuid:public_id>/", views.thanks, name="thanks"),
]
