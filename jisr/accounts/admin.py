"""Django admin (/django-admin/, superusers only) for accounts, roles, memberships and tokens."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from jisr.accounts.models import ApiToken, Membership, Role, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["center", "organization"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    fieldsets = (*(DjangoUserAdmin.fieldsets or ()), ("Jisr", {"fields": ("preferred_language", "phone")}))
    list_display = ("username", "email", "first_name", "last_name", "is_active", "is_staff")


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("slug", "name_en", "name_fr", "name_ar", "level", "sees_personal_data")
    list_filter = ("level",)
    filter_horizontal = ("permissions",)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "region", "province", "center", "organization", "starts_on", "ends_on")
    list_filter = ("role",)
    search_fields = ("user__username",)
    raw_id_fields = ("user", "center", "organization")
    list_select_related = ("user", "role", "region", "province", "center", "organization")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    # The hash is useless to a reader and the raw token is never stored: show only the prefix.
    list_display = ("user", "prefix", "name", "created_at", "expires_at", "revoked_at", "last_used_at")
    readonly_fields = ("user", "prefix", "key_hash", "created_at", "last_used_at")
    search_fields = ("user__username", "prefix")
    list_select_related = ("user",)

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        # Tokens are issued through /api/v1/auth/token so the raw value is shown once to its owner.
        return False
