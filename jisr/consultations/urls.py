from django.urls import path, re_path

from jisr.consultations import views, views_edit

app_name = "consultations"
urlpatterns = [
    path("", views.public_home, name="public"),
    path("regions/<str:code>/", views.public_region, name="public_region"),
    path("recommendations/<uuid:recommendation_id>/", views.public_recommendation, name="public_recommendation"),
    re_path(r"^open-data\.(?P<file_format>csv|json)$", views.open_data, name="open_data"),
    path("manage/", views.manage_home, name="manage"),
    path("manage/meetings/<uuid:meeting_id>/", views.meeting_page, name="meeting"),
    path("manage/meetings/<uuid:meeting_id>/minutes/", views.meeting_minutes, name="minutes"),
    path("manage/recommendations/", views.recommendation_list, name="recommendations"),
    path("manage/recommendations/<uuid:recommendation_id>/", views.recommendation_page, name="recommendation"),
    path("manage/duplicates/", views.duplicates_page, name="duplicates"),
    path("manage/duplicates/merge/", views.merge, name="merge"),
    path("manage/plans/<uuid:plan_id>/", views.plan_page, name="plan"),
    path("manage/actions/<uuid:action_id>/", views.action_page, name="action"),
    path("manage/meetings/<uuid:meeting_id>/edit/", views_edit.meeting_edit, name="meeting_edit"),
    path(
        "manage/recommendations/<uuid:recommendation_id>/edit/",
        views_edit.recommendation_edit,
        name="recommendation_edit",
    ),
    path("manage/actions/<uuid:action_id>/edit/", views_edit.action_edit, name="action_edit"),
    path("manage/actions/<uuid:action_id>/results/<uuid:result_id>/edit/", views_edit.result_edit, name="result_edit"),
]
