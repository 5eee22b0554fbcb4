"""The Django admin for the centers directory (for support staff; the pages and services are the main way)."""

from __future__ import annotations

from django.contrib import admin

from jisr.centers.models import Center, CenterImport, CenterService, OpeningHours, Organization, ServiceType


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class CenterServiceInline(admin.TabularInline):
    model = CenterService
    extra = 0
    autocomplete_fields = ["service_type"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name_fr", "name_ar", "acronym", "kind", "sector", "province"]
    list_filter = ["kind", "sector"]
    search_fields = ["name_fr", "name_ar", "name_en", "acronym"]
    raw_id_fields = ["province"]


@admin.register(Center)
class CenterAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar", "kind", "is_jisr", "status", "province", "rehabilitation_status"]
    list_filter = ["kind", "is_jisr", "status", "rehabilitation_status", "region_code"]
    search_fields = ["code", "name_fr", "name_ar", "name_en"]
    list_select_related = ["province"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["commune"]
    readonly_fields = ["province", "region_code", "created_at", "updated_at"]
    inlines = [CenterServiceInline, OpeningHoursInline]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # Keep the denormalized territory in step with the commune, as the services do.
        obj.province_id = obj.commune.province_id
        obj.region_code = obj.commune.region_id
        super().save_model(request, obj, form, change)


@admin.register(ServiceType)
class ServiceTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_fr", "name_ar", "name_en"]
    search_fields = ["code", "name_fr", "name_ar", "name_en"]


@admin.register(CenterImport)
class CenterImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "created_by", "created_at", "status", "created_count", "updated_count"]
    list_filter = ["status"]
    readonly_fields = [
        "file_name",
        "created_by",
        "created_at",
        "status",
        "applied_at",
        "created_count",
        "updated_count",
    ]
    exclude = ["content"]
