from django.urls import path

from jisr.territories import views

app_name = "territories"
urlpatterns = [
    path("", views.regions, name="regions"),
    path("boundaries/<slug:name>.geojson", views.boundaries, name="boundaries"),
    path("<str:code>/", views.detail, name="detail"),
]
