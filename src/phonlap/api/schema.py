"""OpenAPI generation: every operation documents the error answers it can give, so clients (and
the schemathesis run in the test suite) can hold the API to its schema."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema

_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# Field name → list of messages ("detail" / "non_field_errors" for the whole request).
_VALIDATION = {
    "type": "object",
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}],
    },
}

ERRORS = {
    "400": ("Invalid input: messages per field, in the caller's language.", _VALIDATION),
    "401": ("No or invalid credentials.", _DETAIL),
    "403": ("Signed in, but this action is not allowed.", _DETAIL),
    "404": ("Not found, or not visible to you (the same answer for both).", _DETAIL),
    "429": ("Rate limit exceeded; retry after the number of seconds in Retry-After.", _DETAIL),
}


class PhonlapAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, (description, schema) in ERRORS.items():
            responses.setdefault(
                code, {"description": description, "content": {"application/json": {"schema": schema}}}
            )
        return responses
