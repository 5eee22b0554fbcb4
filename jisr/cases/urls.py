from django.urls import path

from jisr.cases import views, views_handover, views_lists, views_plan, views_summary

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("dashboard/", views.caseload, name="caseload"),
    path("my-work/", views.my_work, name="my_work"),
    path("open/<uuid:person_id>/", views.case_open, name="open"),
    path("export/", views_lists.export, name="export"),
    path("filters/", views_lists.saved_filter_save, name="saved_filter_save"),
    path("filters/<uuid:saved_filter_id>/delete/", views_lists.saved_filter_delete, name="saved_filter_delete"),
    path("reassign/", views_lists.bulk_reassign, name="bulk_reassign"),
    path("transfers/", views_handover.incoming, name="transfers"),
    path("transfers/<uuid:transfer_id>/accept/", views_handover.transfer_accept, name="transfer_accept"),
    path("transfers/<uuid:transfer_id>/refuse/", views_handover.transfer_refuse, name="transfer_refuse"),
    path("protocols/", views.protocols, name="protocols"),
    path("protocols/<uuid:protocol_id>/", views.protocol_edit, name="protocol_edit"),
    path("protocols/<uuid:protocol_id>/publish/", views.protocol_publish, name="protocol_publish"),
    path("<uuid:case_id>/", views.case_detail, name="detail"),
    path("<uuid:case_id>/assess/", views.assess, name="assess"),
    path("<uuid:case_id>/summary.pdf", views_summary.summary_pdf, name="summary_pdf"),
    path("<uuid:case_id>/followups/", views.followups_schedule, name="followups_schedule"),
    path("<uuid:case_id>/followups/<uuid:followup_id>/", views.followup_record, name="followup_record"),
    path("<uuid:case_id>/outcomes/", views.outcome_add, name="outcome_add"),
    path("<uuid:case_id>/plan/", views_plan.plan_page, name="plan"),
    path("<uuid:case_id>/plan/start/", views_plan.plan_start, name="plan_start"),
    path("<uuid:case_id>/plan/goals/", views_plan.goal_add, name="plan_goal_add"),
    path("<uuid:case_id>/plan/goals/<uuid:goal_id>/actions/", views_plan.action_add, name="plan_action_add"),
    path("<uuid:case_id>/plan/submit/", views_plan.plan_submit, name="plan_submit"),
    path("<uuid:case_id>/plan/<str:decision>/", views_plan.plan_decide, name="plan_decide"),
    path("<uuid:case_id>/plan/actions/<uuid:action_id>/close/", views_plan.action_close, name="plan_action_close"),
    path("<uuid:case_id>/listening/", views.listening_add, name="listening_add"),
    path("<uuid:case_id>/advance/", views.advance, name="advance"),
    path("<uuid:case_id>/close/", views.close, name="close"),
    path("<uuid:case_id>/reopen/", views.reopen, name="reopen"),
    path("<uuid:case_id>/reassign/", views_handover.reassign, name="reassign"),
    path("<uuid:case_id>/transfer/", views_handover.transfer_request, name="transfer"),
    path("<uuid:case_id>/transfer/cancel/", views_handover.transfer_cancel, name="transfer_cancel"),
    path("<uuid:case_id>/flags/", views.flag_set, name="flag_set"),
    path("<uuid:case_id>/flags/clear/", views.flag_clear, name="flag_clear"),
]
