from django.urls import path

from jisr.strategy import views

app_name = "strategy"
urlpatterns = [
    path("", views.strategy_page, name="page"),
    path("indicators/<slug:code>/", views.compare_page, name="compare"),
    path("report.pdf", views.report_pdf, name="report"),
    path("enter/", views.enter_page, name="enter"),
]
