from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path, re_path

from partnership import accounts, views

app_patterns = (
    [
        path("about/", views.about, name="about"),
        path("organisations/", views.organisation_list, name="organisations"),
        path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
        path("members/<int:pk>/", views.member_profile, name="member"),
        path("language/", views.set_language, name="set_language"),
        path("account/", views.profile, name="profile"),
    ],
    "partnership",
)

# allauth's URLs (allauth.urls without its deprecated unnamed redirects): accounts, MFA,
# identity providers (OpenID Connect only) and the member's sessions.
accounts_patterns = [
    path("", include("allauth.account.urls")),
    path("2fa/", include("allauth.mfa.urls")),
    path("3rdparty/", include("allauth.socialaccount.urls")),
    path("", include("allauth.socialaccount.providers.openid_connect.urls")),
    path("sessions/", include("allauth.usersessions.urls")),
]

# The admin's own login form would sign a manager in with the password alone, past allauth's
# second step: it sends the anonymous to allauth's sign-in (and refuses signed-in non-staff).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("", include("examples.urls")),
    path("", include("behaviours.urls")),
    path("", include("evaluations.urls")),
    path("", include("notifications.urls")),
    path("", include("people.urls")),
    path("", include(app_patterns)),
    # The e-mail-first sign-in page and allauth's provider start with a 503 for a provider
    # that is down (sso/urls.py): before allauth's URLs, whose views they take the place of.
    path("", include("sso.urls")),
    # django-allauth (sign-in, reset, MFA, sessions), two of its views with the platform's
    # limits and answers (partnership/accounts.py).
    path("accounts/password/reset/", accounts.password_reset, name="account_reset_password"),
    re_path(
        r"^accounts/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        accounts.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    # A member's address is their login, kept by managers and organisation admins: allauth's
    # page for adding and switching addresses is not offered.
    path("accounts/email/", views.not_offered, name="account_email"),
    path("accounts/", include(accounts_patterns)),
    path("healthz", views.health, name="health"),
    path("bench/constant", views.bench_constant, name="bench_constant"),
    path("admin/", admin.site.urls),
]

# Friendly pages that render without the database (partnership/errors.py).
handler400 = "partnership.errors.bad_request"
handler403 = "partnership.errors.permission_denied"
handler404 = "partnership.errors.page_not_found"
handler500 = "partnership.errors.server_error"
