from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.api import api
from jisr.centers.hsds import hsds_api

urlpatterns = [
    path("", include("jisr.core.urls")),
    path("accounts/", include("jisr.accounts.urls")),
    path("centers/", include("jisr.centers.urls")),
    path("territories/", include("jisr.territories.urls")),
    path("people/", include("jisr.people.urls")),
    path("cases/", include("jisr.cases.urls")),
    path("referrals/", include("jisr.referrals.urls")),
    path("training/", include("jisr.training.urls")),
    path("privacy/", include("jisr.privacy.urls")),
    path("programs/", include("jisr.programs.urls")),
    path("registry/", include("jisr.registry.urls")),
    path("notifications/", include("jisr.notifications.urls")),
    path("documents/", include("jisr.attachments.urls")),
    path("khadamati/", include("jisr.khadamati.urls")),
    path("socialmap/", include("jisr.socialmap.urls")),
    path("watch/", include("jisr.watch.urls")),
    path("strategy/", include("jisr.strategy.urls")),
    # The rehabilitation programme (jisr/centers/works) before any other /partnerships/ pages.
    path("partnerships/rehabilitation/", include("jisr.centers.works.urls")),
    path("partnerships/", include("jisr.partnerships.urls")),
    path("consultations/", include("jisr.consultations.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("hsds/", hsds_api.urls),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:  # pragma: no cover
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The error pages in the site's layout and the user's language (jisr/core/errors.py).
handler400 = "jisr.core.errors.bad_request"
handler403 = "jisr.core.errors.permission_denied"
handler404 = "jisr.core.errors.page_not_found"
handler500 = "jisr.core.errors.server_error"
