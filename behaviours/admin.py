"""Managers add, reword, reorder and retire behaviours here; they never delete one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from behaviours.models import Behaviour

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest


@admin.register(Behaviour)
class BehaviourAdmin(admin.ModelAdmin[Behaviour]):
    list_display = ("name_nl", "name_en", "slug", "example_count", "order", "active")
    list_display_links = ("name_nl", "name_en")
    list_editable = ("order", "active")
    list_filter = ("active",)
    search_fields = ("name_nl", "name_en", "summary_nl", "summary_en")
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = (
        (None, {"fields": ("slug", "order", "active")}),
        (_("Dutch"), {"fields": ("name_nl", "summary_nl", "in_practice_nl", "prompts_nl")}),
        (_("English"), {"fields": ("name_en", "summary_en", "in_practice_en", "prompts_en")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Behaviour]:
        return super().get_queryset(request).annotate(example_total=Count("examples"))

    @admin.display(description=_("examples"), ordering="example_total")
    def example_count(self, obj: Behaviour) -> int:
        return int(obj.example_total)  # type: ignore[attr-defined]  # get_queryset's annotation

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Examples refer to their behaviour; retiring one (active off) keeps them readable.
        return False
