from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("organisations/<slug:slug>/people/", views.people, name="people"),
    path("organisations/<slug:slug>/people/invite/", views.invite, name="invite"),
    path("organisations/<slug:slug>/people/import/", views.upload, name="import"),
    path(
        "organisations/<slug:slug>/people/import/<str:key>/confirm/",
        views.confirm_import,
        name="confirm_import",
    ),
    path(
        "organisations/<slug:slug>/people/invitations/<int:pk>/resend/",
        views.resend,
        name="resend",
    ),
    path(
        "organisations/<slug:slug>/people/invitations/<int:pk>/revoke/",
        views.revoke,
        name="revoke",
    ),
    path(
        "organisations/<slug:slug>/people/members/<int:pk>/<str:change>/",
        views.change_member,
        name="change_member",
    ),
    path(
        "organisations/<slug:slug>/people/description/",
        views.edit_description,
        name="description",
    ),
    path("invitations/<str:token>/", views.accept, name="accept"),
    path("join/", views.join, name="join"),
    path("welcome/", views.welcome, name="welcome"),
]
