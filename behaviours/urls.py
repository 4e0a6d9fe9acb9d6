from django.urls import path

from behaviours import views

app_name = "behaviours"
urlpatterns = [
    path("behaviours/", views.behaviour_list, name="list"),
    path("behaviours/<slug:slug>/", views.behaviour_detail, name="detail"),
    path("overview/", views.overview, name="overview"),
]
