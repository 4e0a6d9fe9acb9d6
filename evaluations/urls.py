from django.urls import path

from evaluations import views, views_items

app_name = "evaluations"
urlpatterns = [
    path("outcomes/new/", views_items.outcome_form, name="outcome_new"),
    path("outcomes/<int:pk>/", views_items.outcome_detail, name="outcome"),
    path("outcomes/<int:pk>/edit/", views_items.outcome_form, name="outcome_edit"),
    path("parked/", views_items.parked_list, name="parked"),
    path("examples/<int:pk>/park/", views_items.park_example, name="park_example"),
    path("comments/<int:pk>/park/", views_items.park_comment, name="park_comment"),
    path("concerns/<int:pk>/park/", views_items.park_concern, name="park_concern"),
    path("concerns/", views_items.concern_list, name="concerns"),
    path("concerns/new/", views_items.concern_new, name="concern_new"),
    path("concerns/<int:pk>/", views_items.concern_detail, name="concern"),
    path("concerns/<int:pk>/status/", views_items.concern_status, name="concern_status"),
    path("organisations/<slug:slug>/profile/", views_items.profile_edit, name="profile_edit"),
    path("evaluations/", views.history, name="history"),
    path("evaluations/new/", views.schedule, name="schedule"),
    path("evaluations/<int:pk>/", views.detail, name="detail"),
    path("evaluations/<int:pk>/pack.csv", views.pack_csv, name="pack_csv"),
    path("evaluations/<int:pk>/pack.xlsx", views.pack_xlsx, name="pack_xlsx"),
    path("evaluations/<int:pk>/summary/", views.record_summary, name="summary"),
    path("evaluations/<int:pk>/decisions/", views.add_decision, name="add_decision"),
    path("evaluations/<int:pk>/actions/", views.add_action, name="add_action"),
    path("evaluations/<int:pk>/close/", views.close, name="close"),
    path("evaluations/<int:pk>/notes/", views.add_note, name="add_note"),
    path("actions/<int:pk>/status/", views.action_status, name="action_status"),
]
