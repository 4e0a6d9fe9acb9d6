from django.contrib import admin
from django.urls import include, path

from partnership import accounts, views

app_patterns = (
    [
        path("about/", views.about, name="about"),
        path("organisations/", views.organisation_list, name="organisations"),
        path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
        path("members/<int:pk>/", views.member_profile, name="member"),
        path("language/", views.set_language, name="set_language"),
    ],
    "partnership",
)

urlpatterns = [
    path("", include("examples.urls")),
    path("", include("behaviours.urls")),
    path("", include("evaluations.urls")),
    path("", include("notifications.urls")),
    path("", include("people.urls")),
    path("", include(app_patterns)),
    # Django's auth views, three of them with the platform's limits (partnership/accounts.py).
    path("accounts/login/", accounts.login, name="login"),
    path("accounts/password_reset/", accounts.password_reset, name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        accounts.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("healthz", views.health, name="health"),
    path("bench/constant", views.bench_constant, name="bench_constant"),
    path("admin/", admin.site.urls),
]

# Friendly pages that render without the database (partnership/errors.py).
handler400 = "partnership.errors.bad_request"
handler403 = "partnership.errors.permission_denied"
handler404 = "partnership.errors.page_not_found"
handler500 = "partnership.errors.server_error"
