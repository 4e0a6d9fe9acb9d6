"""The admin stays for partnership managers: invitations and the audit trail, read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from people.models import AuditEntry, Invitation


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Changes go through the people page (people/services.py), which records them."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["email", "organisation", "kind", "status", "sent_at", "expires_at"]
    list_filter = ["status", "kind", "organisation"]
    search_fields = ["email", "display_name"]
    exclude = ["token_hash"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "organisation", "actor", "action", "subject_label"]
    list_filter = ["action", "organisation"]
    list_select_related = ["organisation", "actor"]
