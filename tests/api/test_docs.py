import re

from django.urls import resolve


def test_schema_is_openapi_3_and_public(db, anon):
    response = anon.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/me/" in schema["paths"]
    assert "/api/v1/auth/token/" in schema["paths"]
    assert "TokenAuth" in str(schema["components"]["securitySchemes"]) or schema["components"][
        "securitySchemes"
    ]


def test_every_operation_documents_its_errors(db, anon):
    schema = anon.get("/api/schema/?format=json").json()
    for path, item in schema["paths"].items():
        for method, op in item.items():
            assert {"401", "404", "429"} <= set(op["responses"]), (method, path)


def test_docs_page_lists_operations_without_cdn_or_inline_script(db, client):
    response = client.get("/api/docs/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<code>GET /api/v1/me/</code>" in html
    assert "<code>POST /api/v1/auth/token/</code>" in html
    assert html.count("<h1>") == 1
    for src in re.findall(r'<script[^>]*src="([^"]+)"', html):
        assert src.startswith("/static/"), src
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"


def test_api_views_declare_their_matrix_rows():
    for url in ("/api/schema/", "/api/v1/me/", "/api/v1/auth/token/"):
        view = resolve(url).func
        cls = getattr(view, "cls", None)
        target = cls if cls is not None else view
        assert getattr(target, "matrix_rows", None) or getattr(target, "matrix_exempt", None), url
    assert getattr(resolve("/api/docs/").func, "matrix_exempt", None)
