"""The schema (OpenAPI 3, JSON or YAML) and a documentation page rendered on the server.

Why not Swagger UI or Redoc: drf-spectacular's views load them from a CDN, which our content
security policy (script-src 'self') and the no-CDN rule forbid; bundling either from npm adds
about 1 MB of JavaScript for a page that needs none. The page below reads the same generated
schema, so it cannot drift from it, works without JavaScript and follows the accessibility rules
of every other page (landmarks, one h1, ordered headings, tables with scoped headers).
"""

from __future__ import annotations

from typing import Any

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView

from phonlap.accounts.access import matrix_exempt

from .throttling import AnonThrottle, UserThrottle

METHODS = ("get", "post", "put", "patch", "delete")


class SchemaView(SpectacularAPIView):
    """GET /api/schema/ — OpenAPI 3 (YAML by default, JSON with ?format=json)."""

    matrix_exempt = "The API's published description; it holds no data."
    throttle_classes = [UserThrottle, AnonThrottle]


def _resolve(schema: dict, components: dict, depth: int = 0) -> dict:
    ref = schema.get("$ref")
    if ref and depth < 5:
        name = ref.rsplit("/", 1)[-1]
        return _resolve(components.get(name, {}), components, depth + 1)
    return schema


def _type_label(schema: dict, components: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"] if v not in ("", None)) or "enum"
    if "allOf" in schema or "oneOf" in schema:
        parts = schema.get("allOf") or schema.get("oneOf")
        return " | ".join(_type_label(p, components) for p in parts)
    kind = schema.get("type", "object")
    if kind == "array":
        return f"array of {_type_label(schema.get('items', {}), components)}"
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return str(kind)


def _fields(schema: dict, components: dict) -> list[dict[str, Any]]:
    schema = _resolve(schema, components)
    if schema.get("type") == "array":
        schema = _resolve(schema.get("items", {}), components)
    required = set(schema.get("required", []))
    rows = []
    for name, prop in (schema.get("properties") or {}).items():
        rows.append({
            "name": name,
            "type": _type_label(prop, components),
            "required": name in required,
            "read_only": prop.get("readOnly", False),
            "description": prop.get("description", "") or prop.get("title", ""),
            "max_length": prop.get("maxLength"),
        })
    return rows


def operations(schema: dict) -> list[dict[str, Any]]:
    """The schema's operations, grouped by tag, in a shape a template can show."""
    components = schema.get("components", {}).get("schemas", {})
    groups: dict[str, list[dict[str, Any]]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if not op:
                continue
            body = op.get("requestBody", {}).get("content", {})
            body_schema = (body.get("application/json") or next(iter(body.values()), {})).get("schema")
            responses = []
            for code, response in op.get("responses", {}).items():
                content = response.get("content", {}).get("application/json", {})
                responses.append({
                    "code": code,
                    "description": response.get("description", ""),
                    "fields": _fields(content["schema"], components) if "schema" in content else [],
                })
            entry = {
                "id": op.get("operationId", f"{method}-{path}"),
                "method": method.upper(),
                "path": path,
                "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "parameters": [
                    {
                        "name": p.get("name"),
                        "where": p.get("in"),
                        "required": p.get("required", False),
                        "type": _type_label(p.get("schema", {}), components),
                        "description": p.get("description", ""),
                    }
                    for p in op.get("parameters", [])
                ],
                "body": _fields(body_schema, components) if body_schema else [],
                "responses": responses,
                "public": op.get("security") == [] or {} in op.get("security", [{}]),
            }
            groups.setdefault((op.get("tags") or ["api"])[0], []).append(entry)
    return [{"tag": tag, "operations": ops} for tag, ops in sorted(groups.items())]


@matrix_exempt("The API's published documentation; it holds no data.")
def api_docs(request):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return render(request, "api/docs.html", {
        "info": schema.get("info", {}),
        "groups": operations(schema),
        "title": _("API documentation"),
    })
