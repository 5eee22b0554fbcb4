from django.urls import path

from jisr.socialmap import views

app_name = "socialmap"
urlpatterns = [
    path("", views.map_page, name="map"),
    path("where-next/", views.where_next, name="where_next"),
]
