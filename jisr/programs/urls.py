from django.urls import path

from jisr.programs import views

app_name = "programs"

urlpatterns = [
    path("", views.program_list, name="list"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("<slug:code>/", views.program_detail, name="detail"),
    path("<slug:code>/preview/", views.program_preview, name="preview"),
    path("<slug:code>/rule-form/", views.program_rule_form, name="rule_form"),
    path("<slug:code>/enroll/", views.program_enroll, name="enroll"),
]
