from django.urls import path

from jisr.watch import views

app_name = "watch"

urlpatterns = [
    path("", views.alerts, name="alerts"),
    path("<uuid:alert_id>/", views.alert, name="alert"),
    path("<uuid:alert_id>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<uuid:alert_id>/assign/", views.assign, name="assign"),
    path("<uuid:alert_id>/comment/", views.comment, name="comment"),
    path("<uuid:alert_id>/close/", views.close, name="close"),
    path("rules/", views.rules, name="rules"),
    path("rules/new/", views.rule_edit, name="rule_add"),
    path("rules/<uuid:rule_id>/", views.rule_edit, name="rule_edit"),
]
