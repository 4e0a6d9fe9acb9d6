from django.urls import path

from behaviours import views

app_name = "behaviours"
urlpatterns = [
    path("behaviours/", views.behaviour_list, name="list"),
    path("behaviours/<slug:slug>/", views.behaviour_detail, name="detail"),
    path("overview/", views.overview, name="overview"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/review/", views.review, name="review"),
    path("dashboard/csv/<slug:table>.csv", views.dashboard_csv, name="dashboard_csv"),
    path("dashboard/<slug:panel>/", views.dashboard_panel, name="dashboard_panel"),
]
