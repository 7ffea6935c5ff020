from django.urls import include, path

from . import docs

app_name = "api"

urlpatterns = [
    path("schema/", docs.SchemaView.as_view(), name="schema"),
    path("docs/", docs.api_docs, name="docs"),
    path("v1/", include("phonlap.api.v1.urls")),
]
