from django.urls import path

from . import views
from .actions import EmailKind

app_name = "campaigns"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("advocates/", views.leaderboard, {"board": "advocates"}, name="advocates"),
    path("teams/", views.leaderboard, {"board": "teams"}, name="teams"),
    path("p/<slug:slug>/", views.page_detail, name="page"),
    path("p/<slug:slug>/edit/", views.page_edit, name="page_edit"),
    path("p/<slug:slug>/gifts/", views.page_gifts, name="page_gifts"),
    path("p/<slug:slug>/card/", views.page_card, name="page_card"),
    path("p/<slug:slug>/qr.svg", views.page_qr, name="page_qr"),
    path("p/<slug:slug>/share.jpg", views.page_share_image, name="page_share_image"),
    path("p/<slug:slug>/widget/", views.page_widget, name="page_widget"),
    path("t/<slug:slug>/", views.team_detail, name="team"),
    path("t/<slug:slug>/gifts/", views.team_gifts, name="team_gifts"),
    path("t/<slug:slug>/card/", views.team_card, name="team_card"),
    path("t/<slug:slug>/qr.svg", views.team_qr, name="team_qr"),
    path("t/<slug:slug>/share.jpg", views.team_share_image, name="team_share_image"),
    path("t/<slug:slug>/hand-over/", views.team_hand_over, name="team_hand_over"),
    path("t/<slug:slug>/message/", views.team_message, name="team_message"),
    path("t/<slug:slug>/edit/", views.team_edit, name="team_edit"),
    path("t/<slug:slug>/remove/<slug:page_slug>/", views.team_remove_member, name="team_remove_member"),
    path("t/<slug:slug>/join/", views.team_join, name="team_join"),
    path("t/<slug:slug>/leave/", views.team_leave, name="team_leave"),
    path("teams/new/", views.team_create, name="team_create"),
    path("me/", views.dashboard, name="dashboard"),
    path("me/setup/", views.page_setup, name="page_setup"),
    path("me/visibility/", views.page_visibility, name="page_visibility"),
    path("me/team-messages/", views.email_setting, {"kind": EmailKind.TEAM_MESSAGES}, name="team_messages"),
    path("me/team-news/", views.email_setting, {"kind": EmailKind.TEAM_NEWS}, name="team_news"),
    path("me/gift-emails/", views.email_setting, {"kind": EmailKind.GIFT_EMAILS}, name="gift_emails"),
    path("me/dress-log/reminders/", views.email_setting, {"kind": EmailKind.REMINDERS}, name="dress_log_reminders"),
    path("me/thanks/", views.thanks_list, {"board": "page"}, name="thanks"),
    path("me/thanks/team/", views.thanks_list, {"board": "team"}, name="thanks_team"),
    path("me/thanks/<uuid:gift>/", views.thanks_note, name="thanks_note"),
    path("emails/stop/<str:token>/", views.stop_emails, name="stop_emails"),
    path("me/dress-log/", views.dress_log_post, name="dress_log_post"),
    path("me/dress-log/<int:day>/remove/", views.dress_log_remove, name="dress_log_remove"),
]
