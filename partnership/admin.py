"""Admin for members, organisations, service areas and the about text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partnership.http import member_of
from partnership.models import (
    AboutPartnership,
    Organisation,
    OrganisationDomain,
    ServiceArea,
    User,
)
from partnership.services import (
    deactivate_members,
    leave_partnership,
    member_changed,
    organisation_left,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest, HttpResponse

# Only a superuser hands out these: a manager who could set them could make themselves superuser.
PRIVILEGE_FIELDS = ("is_superuser", "groups", "user_permissions")
# A staff member's sign-in: only a superuser (or the member themselves) changes it.
CREDENTIAL_FIELDS = ("email",)


def guards_credentials(request: HttpRequest, member: User) -> bool:
    """True when the requester may not change `member`'s password or e-mail address.

    Managers (staff) and superusers have admin rights; another manager who could reset their
    password could take the account over, so only superusers change their credentials.
    """
    return (
        not request.user.is_superuser
        and member.pk != request.user.pk
        and (member.is_staff or member.is_superuser)
    )


class MemberCreationForm(BaseUserCreationForm[User]):
    class Meta:
        model = User
        fields = ("email", "display_name", "organisation")


class MemberChangeForm(DjangoUserChangeForm[User]):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin[User]):
    form = MemberChangeForm
    add_form = MemberCreationForm
    list_display = ("email", "display_name", "organisation", "is_active", "is_staff")
    list_select_related = ("organisation",)
    list_filter = ("organisation", "is_active", "is_organisation_admin", "is_staff", "groups")
    search_fields = ("email", "display_name", "job_title")
    ordering = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {"fields": ("display_name", "organisation", "job_title", "preferred_language")},
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_organisation_admin", "is_staff", *PRIVILEGE_FIELDS)},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "display_name", "organisation", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    actions = ["deactivate_members"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += PRIVILEGE_FIELDS
        if obj is not None and guards_credentials(request, obj):
            fields += CREDENTIAL_FIELDS
        return fields

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        member = self.get_object(request, unquote(id))
        if member is not None and guards_credentials(request, member):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A manager must not reset a superuser's password or email and take the account over.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            return
        by = member_of(request)
        if "is_active" in form.changed_data:
            changed = "reactivated" if obj.is_active else "deactivated"
            member_changed.send(sender=User, by=by, member=obj, change=changed)
        if "is_organisation_admin" in form.changed_data:
            changed = "admin_appointed" if obj.is_organisation_admin else "admin_removed"
            member_changed.send(sender=User, by=by, member=obj, change=changed)

    @admin.action(description=_("Deactivate selected members"), permissions=["change"])
    def deactivate_members(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        # Members are deactivated, never deleted: their examples and comments stay.
        queryset = queryset.filter(is_active=True).exclude(pk=member_of(request).pk)
        if not request.user.is_superuser:
            queryset = queryset.exclude(is_superuser=True)
        chosen = list(queryset)
        count = deactivate_members(members=queryset)
        for member in chosen:
            member_changed.send(
                sender=User, by=member_of(request), member=member, change="deactivated"
            )
        self.message_user(
            request,
            ngettext("%(count)d member deactivated.", "%(count)d members deactivated.", count)
            % {"count": count},
            messages.SUCCESS,
        )


class OrganisationDomainInline(admin.TabularInline[OrganisationDomain, Organisation]):
    model = OrganisationDomain
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "role", "active", "self_signup", "member_count")
    list_filter = ("role", "active", "self_signup")
    inlines = (OrganisationDomainInline,)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}

    actions = ["leave_partnership"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.action(
        description=_("Selected organisations leave the partnership (members deactivated)"),
        permissions=["change"],
    )
    def leave_partnership(self, request: HttpRequest, queryset: QuerySet[Organisation]) -> None:
        # Deactivated, never deleted: every example and comment of their members stays.
        count = 0
        for organisation in queryset.filter(active=True):
            deactivated = leave_partnership(organisation=organisation)
            organisation_left.send(
                sender=Organisation,
                by=member_of(request),
                organisation=organisation,
                deactivated=deactivated,
            )
            count += deactivated
        self.message_user(
            request,
            ngettext("%(count)d member deactivated.", "%(count)d members deactivated.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj: Organisation) -> int:
        return int(obj.member_count)  # type: ignore[attr-defined]  # get_queryset's annotation


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin[ServiceArea]):
    list_display = ("name_nl", "name_en", "slug", "order", "active")
    list_editable = ("order", "active")
    list_filter = ("active",)
    search_fields = ("name_nl", "name_en")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(AboutPartnership)
class AboutPartnershipAdmin(admin.ModelAdmin[AboutPartnership]):
    """The single about text: edited, never added twice or deleted."""

    list_display = ("__str__", "updated_at")
    fieldsets = (
        (_("Dutch"), {"fields": ("title_nl", "purpose_nl", "outcomes_nl")}),
        (_("English"), {"fields": ("title_en", "purpose_en", "outcomes_en")}),
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not AboutPartnership.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
