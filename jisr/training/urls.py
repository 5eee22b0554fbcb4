from django.urls import path

from jisr.training import views, views_case

app_name = "training"

urlpatterns = [
    path("", views.program_list, name="programs"),
    path("modules/", views.module_list, name="modules"),
    path("modules/new/", views.module_edit, name="module_new"),
    path("modules/<uuid:module_id>/", views.module_edit, name="module_edit"),
    path("programs/new/", views.program_create, name="program_new"),
    path("programs/<uuid:program_id>/", views.program_detail, name="program"),
    path("programs/<uuid:program_id>/sessions/", views.session_add, name="session_add"),
    path("programs/<uuid:program_id>/sessions/<uuid:session_id>/", views.attendance, name="attendance"),
    path("enrollments/<uuid:enrollment_id>/results/", views.result_add, name="result_add"),
    path("enrollments/<uuid:enrollment_id>/drop/", views.enrollment_drop, name="enrollment_drop"),
    path("enrollments/<uuid:enrollment_id>/certify/<uuid:module_id>/", views.certify, name="certify"),
    path("certificates/<uuid:certificate_id>.pdf", views.certificate_download, name="certificate_pdf"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify_code"),
    path("cases/<uuid:case_id>/", views_case.case_pathways, name="case"),
    path("cases/<uuid:case_id>/enroll/", views_case.case_enroll, name="case_enroll"),
    path("cases/<uuid:case_id>/project/", views_case.case_project, name="case_project"),
    path("cases/<uuid:case_id>/incubation/", views_case.case_incubation, name="case_incubation"),
    path("cases/<uuid:case_id>/mediations/", views_case.case_mediation, name="case_mediation"),
    path(
        "cases/<uuid:case_id>/mediations/<uuid:mediation_id>/close/",
        views_case.case_mediation_close,
        name="case_mediation_close",
    ),  # fmt: skip
]
