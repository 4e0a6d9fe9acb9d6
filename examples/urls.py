from django.urls import path

from examples import views

app_name = "examples"
urlpatterns = [
    path("", views.browse, name="browse"),
    path("examples/new/", views.new_example, name="new"),
    path("examples/<int:pk>/", views.example_detail, name="detail"),
    path("examples/<int:pk>/edit/", views.edit_example, name="edit"),
    path("examples/<int:pk>/comments/", views.add_comment, name="add_comment"),
    path("examples/<int:pk>/inspiring/", views.toggle_inspiring, name="inspiring"),
    path("examples/<int:pk>/report/", views.report_example, name="report_example"),
    path("examples/<int:pk>/hide/", views.hide_example, name="hide_example"),
    path("examples/<int:pk>/restore/", views.restore_example, name="restore_example"),
    path("comments/<int:pk>/edit/", views.edit_comment, name="edit_comment"),
    path("comments/<int:pk>/report/", views.report_comment, name="report_comment"),
    path("comments/<int:pk>/hide/", views.hide_comment, name="hide_comment"),
    path("comments/<int:pk>/restore/", views.restore_comment, name="restore_comment"),
    path("moderation/", views.moderation_queue, name="moderation"),
    path("moderation/reports/<int:pk>/resolve/", views.resolve_report, name="resolve_report"),
]
