from django.urls import path

from . import views
from .feeds import LatestStoriesFeed

app_name = "stories"
urlpatterns = [
    path("", views.index, name="index"),
    path("feed/", LatestStoriesFeed(), name="feed"),
    path("feed/<str:language>/", LatestStoriesFeed(), name="feed_in"),
    path("tag/<slug:slug>/", views.tag, name="tag"),
    path("moderation/", views.moderation, name="moderation"),
    path("moderation/<int:comment_id>/", views.moderate, name="moderate"),
    path("comments/<int:comment_id>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:comment_id>/delete/", views.delete_comment, name="delete_comment"),
    path("comments/<int:comment_id>/report/", views.report_comment, name="report_comment"),
    path("follow/confirm/<str:token>/", views.confirm_follow, name="confirm_follow"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<slug:slug>/", views.post_detail, name="post"),
    path("<slug:slug>/comment/", views.comment, name="comment"),
    path("<slug:slug>/follow/", views.follow, name="follow"),
]
