from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/bell/", views.bell, name="bell"),
    path("notifications/read/", views.mark_all_read, name="read_all"),
    path("notifications/<int:pk>/", views.open_notification, name="open"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("notifications/mentions/", views.mention_suggestions, name="mention_suggestions"),
    path("notifications/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("notifications/<int:pk>/read/", views.mark_read, name="read"),
    path("examples/<int:pk>/notifications/", views.thread, name="thread"),
    path("examples/<int:pk>/review/", views.resubmit_example, name="resubmit_example"),
    path("comments/<int:pk>/review/", views.resubmit_comment, name="resubmit_comment"),
    path("moderation/reviews/", views.review_queue, name="review_queue"),
    path("moderation/reviews/<int:pk>/decide/", views.decide_review, name="decide_review"),
    path("moderation/reports/<int:pk>/resolve-item/", views.resolve_item, name="resolve_item"),
    path("behaviours/<slug:slug>/follow/", views.follow_behaviour, name="follow_behaviour"),
    path(
        "organisations/<slug:slug>/follow/",
        views.follow_organisation,
        name="follow_organisation",
    ),
]
