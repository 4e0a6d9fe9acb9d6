"""Admin for examples and everything around them.

Nothing a member wrote is deleted here either: examples and comments have no delete permission,
and visibility changes only through the hide/restore actions, which ask for a reason and go
through `examples.services` so every step lands in the moderation record. Edits of the text go
through the services as well, so the previous version is kept as a revision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db.models import Model
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from examples import services
from examples.models import (
    Comment,
    Example,
    ModerationAction,
    Reaction,
    Report,
    ReportQuerySet,
    Revision,
    Visibility,
)
from partnership.access import is_moderator
from partnership.http import member_of

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest, HttpResponse

MODERATION_FIELDS = ("visibility", "moderation_reason", "moderated_by", "moderated_at")
TIMESTAMP_FIELDS = ("created_at", "updated_at")

M = TypeVar("M", bound=Model)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("The author sees this reason with their item, and it is kept in the record."),
    )


class ReadOnlyAdmin(admin.ModelAdmin[M]):
    """A record that is written by the platform only: viewable, never added, changed or deleted."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ModeratedAdmin(admin.ModelAdmin[M]):
    """Shared by examples and comments: no deletion, hide and restore with a reason."""

    actions = ["hide_selected", "restore_selected"]
    moderation_template = "admin/examples/moderate_with_reason.html"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return is_moderator(request.user)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description=_("Hide selected (reason required)"), permissions=["moderate"])
    def hide_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> HttpResponse | None:
        return self._moderate(request, queryset, hide=True)

    @admin.action(description=_("Restore selected"), permissions=["moderate"])
    def restore_selected(
        self, request: HttpRequest, queryset: QuerySet[Any]
    ) -> HttpResponse | None:
        return self._moderate(request, queryset, hide=False)

    def _moderate(
        self, request: HttpRequest, queryset: QuerySet[Any], *, hide: bool
    ) -> HttpResponse | None:
        """Ask for a reason on an intermediate page, then hide or restore through the services."""
        targets = list(
            queryset.filter(visibility=Visibility.PUBLISHED if hide else Visibility.HIDDEN)
        )
        if not targets:
            self.message_user(
                request,
                gettext("All selected items are hidden already.")
                if hide
                else gettext("None of the selected items is hidden."),
                messages.WARNING,
            )
            return None
        form = ReasonForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            change = services.hide_content if hide else services.restore_content
            for item in targets:
                change(item=item, moderator=member_of(request), reason=form.cleaned_data["reason"])
            count = len(targets)
            message = (
                ngettext("%(count)d item hidden.", "%(count)d items hidden.", count)
                if hide
                else ngettext("%(count)d item restored.", "%(count)d items restored.", count)
            )
            self.message_user(request, message % {"count": count}, messages.SUCCESS)
            return None
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Hide with a reason") if hide else gettext("Restore with a reason"),
            "subtitle": None,
            "opts": opts,
            "app_label": opts.app_label,
            "items": targets,
            "form": form,
            "hide": hide,
            "action": "hide_selected" if hide else "restore_selected",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.moderation_template, context)


class RevisionInline(admin.TabularInline[Revision, Any]):
    model = Revision
    fields = ("created_at", "editor", "changed_fields", "previous")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("earlier versions")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Revision]:
        return super().get_queryset(request).select_related("editor")


class ExampleRevisionInline(RevisionInline):
    fk_name = "example"


class CommentRevisionInline(RevisionInline):
    fk_name = "comment"


class ExampleAdminForm(forms.ModelForm[Example]):
    class Meta:
        model = Example
        fields = (
            "title",
            "behaviour",
            "service_area",
            "happened_on",
            "what_happened",
            "partnership_impact",
            "author",
            "recognised_organisations",
        )

    def clean_author(self) -> Any:
        author = self.cleaned_data["author"]
        if author is not None and author.organisation_id is None:
            raise forms.ValidationError(
                gettext("This account belongs to no organisation, so it cannot post examples.")
            )
        return author


@admin.register(Example)
class ExampleAdmin(ModeratedAdmin[Example]):
    form = ExampleAdminForm
    list_display = (
        "title",
        "behaviour",
        "author",
        "author_organisation",
        "service_area",
        "visibility",
        "happened_on",
        "created_at",
        "comment_count",
        "reaction_count",
    )
    list_select_related = ("behaviour", "author", "author_organisation", "service_area")
    list_filter = (
        "visibility",
        "behaviour",
        "author_organisation",
        "service_area",
        "happened_on",
        "created_at",
    )
    search_fields = ("title", "what_happened", "partnership_impact")
    autocomplete_fields = ("author", "recognised_organisations")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "title",
                    "behaviour",
                    "service_area",
                    "happened_on",
                    "what_happened",
                    "partnership_impact",
                )
            },
        ),
        (
            _("People and organisations"),
            {"fields": ("author", "author_organisation", "recognised_organisations")},
        ),
        (_("Moderation"), {"fields": MODERATION_FIELDS}),
        (_("Activity"), {"fields": ("comment_count", "reaction_count", *TIMESTAMP_FIELDS)}),
    )
    readonly_fields = (
        "author_organisation",
        *MODERATION_FIELDS,
        "comment_count",
        "reaction_count",
        *TIMESTAMP_FIELDS,
    )
    inlines = [ExampleRevisionInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(super().get_readonly_fields(request, obj))
        # The author is chosen when a manager posts on someone's behalf, never changed later.
        return ("author", *fields) if obj is not None else fields

    def save_model(self, request: HttpRequest, obj: Example, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            changed = set(form.changed_data)
            services.edit_example(
                example=obj,
                editor=member_of(request),
                recognised_organisations=data["recognised_organisations"]
                if "recognised_organisations" in changed
                else None,
                **{
                    name: data[name] for name in services.EXAMPLE_EDITABLE_FIELDS if name in changed
                },
            )
            return
        example = services.post_example(
            author=data["author"],
            title=data["title"],
            what_happened=data["what_happened"],
            partnership_impact=data["partnership_impact"],
            behaviour=data["behaviour"],
            service_area=data["service_area"],
            happened_on=data["happened_on"],
            recognised_organisations=data["recognised_organisations"],
        )
        # The admin logs and redirects with the form's instance, so it takes the saved identity.
        obj.pk = example.pk
        obj.author_organisation = example.author_organisation
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The service stored the recognised organisations; only the inlines are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Comment)
class CommentAdmin(ModeratedAdmin[Comment]):
    list_display = (
        "short_body",
        "example",
        "author",
        "author_organisation",
        "visibility",
        "created_at",
    )
    list_select_related = ("example", "author", "author__organisation")
    list_filter = ("visibility", "author__organisation", "created_at")
    search_fields = ("body", "example__title", "author__display_name", "author__email")
    fieldsets = (
        (None, {"fields": ("example", "author", "body")}),
        (_("Moderation"), {"fields": MODERATION_FIELDS}),
        (_("Activity"), {"fields": TIMESTAMP_FIELDS}),
    )
    readonly_fields = ("example", "author", *MODERATION_FIELDS, *TIMESTAMP_FIELDS)
    inlines = [CommentRevisionInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Comments belong in a thread on the site, where the counters and access rules apply.
        return False

    @admin.display(description=_("comment"))
    def short_body(self, obj: Comment) -> str:
        return obj.body if len(obj.body) <= 80 else f"{obj.body[:79]}…"

    @admin.display(description=_("organisation"), ordering="author__organisation__name")
    def author_organisation(self, obj: Comment) -> Any:
        return obj.author.organisation

    def save_model(self, request: HttpRequest, obj: Comment, form: Any, change: bool) -> None:
        if "body" in form.changed_data:
            services.edit_comment(
                comment=obj, editor=member_of(request), body=form.cleaned_data["body"]
            )


@admin.register(Reaction)
class ReactionAdmin(ReadOnlyAdmin[Reaction]):
    list_display = ("example", "member", "created_at")
    list_select_related = ("example", "member")
    list_filter = ("created_at",)
    search_fields = ("example__title", "member__display_name", "member__email")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin[Report]):
    """Reports are filed by members and closed with the resolve actions; never edited or deleted."""

    list_display = ("__str__", "reporter", "status", "outcome", "created_at", "resolved_by")
    list_select_related = ("reporter", "example", "comment", "resolved_by")
    list_filter = ("status", "outcome", "created_at")
    search_fields = ("reason", "resolution_note", "example__title", "comment__body")
    actions = ["resolve_no_action", "resolve_hide_content"]
    fields = (
        "reporter",
        "example",
        "comment",
        "reason",
        "created_at",
        "status",
        "outcome",
        "resolution_note",
        "resolved_by",
        "resolved_at",
    )
    readonly_fields = fields

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return is_moderator(request.user)

    @admin.action(description=_("Resolve: no action needed"), permissions=["moderate"])
    def resolve_no_action(self, request: HttpRequest, queryset: ReportQuerySet) -> None:
        self._resolve(
            request,
            queryset,
            outcome=Report.Outcome.NO_ACTION,
            note=gettext("Reviewed by a partnership manager: no action needed."),
        )

    @admin.action(description=_("Resolve: hide the content"), permissions=["moderate"])
    def resolve_hide_content(self, request: HttpRequest, queryset: ReportQuerySet) -> None:
        self._resolve(
            request,
            queryset,
            outcome=Report.Outcome.HIDDEN,
            note=gettext("Hidden by a partnership manager after a report."),
        )

    def _resolve(
        self, request: HttpRequest, queryset: ReportQuerySet, *, outcome: str, note: str
    ) -> None:
        resolved = 0
        for report in queryset.open().select_related("example", "comment"):
            # Resolving one report closes the others on the same item; count only real changes.
            if Report.objects.filter(pk=report.pk).open().exists():
                services.resolve_report(
                    report=report, moderator=member_of(request), outcome=outcome, note=note
                )
                resolved += 1
        self.message_user(
            request,
            ngettext("%(count)d report resolved.", "%(count)d reports resolved.", resolved)
            % {"count": resolved},
            messages.SUCCESS if resolved else messages.WARNING,
        )


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin[ModerationAction]):
    list_display = ("created_at", "action", "moderator", "example", "comment", "reason")
    list_select_related = ("moderator", "example", "comment")
    list_filter = ("action", "created_at")
    search_fields = ("reason", "example__title", "comment__body")


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin[Revision]):
    list_display = ("created_at", "editor", "example", "comment", "changed_fields")
    list_select_related = ("editor", "example", "comment")
    list_filter = ("created_at",)
    search_fields = ("example__title", "comment__body")
