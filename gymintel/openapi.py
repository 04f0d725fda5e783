"""OpenAPI: the schema class and the postprocessing hooks that hold every operation to
the API's wire rules (docs/MEMBER_API.md, "Wire rules").

- `AutoSchema`: an operationId not chosen by hand is a warning (generated clients name
  their functions after them).
- `document_common_errors`: statuses from layers no view sees: authentication (401),
  content negotiation (406), the parsers and the body limit middleware (400 malformed,
  411, 413, 415), the paginator (400 page size, 404 page), the database error middleware
  (503); the headers of a status (`Location` on 201, `Retry-After` on 429 and 503); the
  ETag and 304 of conditional GETs. Each view documents the statuses of its own rules.
- `multipart_without_nulls`, `enum_names`: what openapi-python-client needs to generate
  a working client (no nullable form fields, named enum members).

Runs after drf-spectacular builds the document (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from drf_spectacular.drainage import warn
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

# gymintel.errors.ErrorSerializer's component; the views' error responses create it.
ERROR_COMPONENT = "Error"
_METHODS = {"get", "put", "post", "patch", "delete", "head", "options", "trace"}


def size_text(size: int) -> str:
    """A byte count as people write a limit: 1048576 -> "1 MiB", 524288 -> "512 KiB"."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:g} MiB"
    return f"{size / 1024:g} KiB"


def body_limits_text() -> str:
    """The request body limits, worded from the settings the middleware enforces."""
    json_max = size_text(settings.JSON_BODY_MAX_BYTES)
    return f"JSON {json_max}, uploads {size_text(settings.UPLOAD_BODY_MAX_BYTES)}"


def image_limits_text() -> str:
    """An image upload's limits, worded from the settings media_store enforces."""
    pixels = f"{settings.IMAGE_MAX_PIXELS / 1_000_000:g} megapixels"
    return f"at most {size_text(settings.UPLOAD_BODY_MAX_BYTES)} and {pixels}"


UNAUTHENTICATED = "No access token, or an invalid or expired one."
MALFORMED = "Invalid input (malformed JSON, a wrong type, a value out of range); `detail` says why."
TOO_LARGE = f"Body over the limit ({body_limits_text()}); refused before it is read."
UNSUPPORTED = "A body in a content type this operation does not take (or none named)."
INVALID_PAGE = "No such page (past the last one, zero, negative or not a number)."
INVALID_PAGE_SIZE = "`page_size` out of its bounds or not a whole number."
UNAVAILABLE = "The database did not answer (gymintel.db_errors); retry after `Retry-After` seconds."
NO_LENGTH = "A body sent without Content-Length (chunked); send its length."
NOT_ACCEPTABLE = "An Accept header that JSON does not satisfy; every answer is JSON."

# Headers every answer of a status carries, declared where the status is.
RETRY_AFTER = {
    "description": "Seconds to wait before trying again.",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}
LOCATION = {
    "description": "The absolute URL of what was created.",
    "required": True,
    "schema": {"type": "string", "format": "uri"},
}
HEADERS_BY_STATUS = {
    "201": {"Location": LOCATION},
    "429": {"Retry-After": RETRY_AFTER},
    "503": {"Retry-After": RETRY_AFTER},
}
ETAG = {
    "description": "A tag of this answer; send it back as If-None-Match to ask for changes.",
    "required": True,
    "schema": {"type": "string"},
}
CACHE_CONTROL = {
    "description": "`private, no-cache`: keep it, but ask (If-None-Match) before reusing it.",
    "required": True,
    "schema": {"type": "string"},
}
NOT_MODIFIED = "Nothing changed since the `ETag` sent in If-None-Match; no body."


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's, with every operationId chosen by hand.

    A generated client names its functions after operationIds; a derived one
    (`auth_token_create` for login) changes whenever a URL is tidied, renaming the
    client's function under its users. Missing one is a warning, and the schema
    test runs with warnings as failures."""

    def get_operation_id(self) -> str:
        derived = super().get_operation_id()
        warn(
            f"{self.method} {self.path}: no explicit operation_id "
            f"(extend_schema(operation_id=...)); derived {derived!r}."
        )
        return derived


def _needs_token(operation: dict[str, Any]) -> bool:
    # drf-spectacular lists `{}` when anonymous callers are allowed too.
    security = operation.get("security") or []
    return bool(security) and {} not in security


def _has_header_parameter(operation: dict[str, Any], name: str) -> bool:
    parameters = operation.get("parameters", [])
    return any(p.get("in") == "header" and p.get("name") == name for p in parameters)


def _has_page_parameter(operation: dict[str, Any]) -> bool:
    parameters = operation.get("parameters", [])
    return any(p.get("in") == "query" and p.get("name") == "page" for p in parameters)


def document_common_errors(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    if ERROR_COMPONENT not in schemas:
        # The component is declared once, by gymintel.errors.ErrorSerializer; it reaches
        # the document through the views' own error responses.
        raise RuntimeError("No operation uses gymintel.errors.ErrorSerializer.")
    content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}}}
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            if method not in _METHODS:
                continue
            responses = operation.setdefault("responses", {})
            common = [("406", NOT_ACCEPTABLE), ("503", UNAVAILABLE)]
            if _needs_token(operation):
                common.append(("401", UNAUTHENTICATED))
            if "requestBody" in operation:
                common += [("400", MALFORMED), ("411", NO_LENGTH), ("413", TOO_LARGE)]
                common.append(("415", UNSUPPORTED))
            for code, description in common:
                # A view's own entry (its wording, its shape) wins over the generic one.
                responses.setdefault(code, {"description": description, "content": content})
            if _has_page_parameter(operation):
                # Every list answers a bad page the same way (gymintel.pagination): said
                # beside whatever else the view's own 400 and 404 mean.
                for code, description in (("400", INVALID_PAGE_SIZE), ("404", INVALID_PAGE)):
                    own = responses.get(code)
                    if own is None:
                        responses[code] = {"description": description, "content": content}
                    elif description not in own["description"]:
                        own["description"] += f" Or: {description}"
            if _has_header_parameter(operation, "If-None-Match"):
                # Conditional GET (gymintel.conditional): the tag on 200, and the 304.
                responses["200"].setdefault("headers", {})["ETag"] = ETAG
                responses["200"]["headers"]["Cache-Control"] = CACHE_CONTROL
                responses.setdefault(
                    "304", {"description": NOT_MODIFIED, "headers": {"ETag": ETAG}}
                )
            for code, response in responses.items():
                for name, header in HEADERS_BY_STATUS.get(code, {}).items():
                    response.setdefault("headers", {}).setdefault(name, header)
    return result


def multipart_without_nulls(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """A form field cannot carry null: openapi-python-client 0.29 sends `str(None)`, the
    text "None". In a multipart body a nullable field is declared as optional instead:
    left out (or sent empty, which DRF reads as null for nullable fields) it is null."""
    schemas = result.get("components", {}).get("schemas", {})
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            content = (
                operation.get("requestBody", {}).get("content", {}) if method in _METHODS else {}
            )
            ref = content.get("multipart/form-data", {}).get("schema", {}).get("$ref", "")
            for field in schemas.get(ref.rsplit("/", 1)[-1], {}).get("properties", {}).values():
                if field.pop("nullable", False):
                    note = "Leave it out, or send it empty, for none."
                    field["description"] = f"{field.get('description', '')} {note}".strip()
    return result


def _enum_varname(value: str) -> str:
    """ "-last_log" -> "LAST_LOG_DESC", "meal" -> "MEAL": the names generators give members."""
    name = re.sub(r"\W+", "_", value.lstrip("-")).strip("_").upper() or "EMPTY"
    if name[0].isdigit():
        name = f"V_{name}"
    return f"{name}_DESC" if value.startswith("-") else name


def _name_enums(node: Any) -> None:
    if isinstance(node, dict):
        values = node.get("enum")
        if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
            node.setdefault("x-enum-varnames", [_enum_varname(v) for v in values])
        for child in node.values():
            _name_enums(child)
    elif isinstance(node, list):
        for child in node:
            _name_enums(child)


def enum_names(result: dict[str, Any], generator, request, public) -> dict[str, Any]:
    """Every enum of strings gets `x-enum-varnames`, so a generated client has
    `CoachDashboardSort.LAST_LOG_DESC` where it had `VALUE_3` for "-last_log"."""
    _name_enums(result.get("paths", {}))
    _name_enums(result.get("components", {}))
    return result


def page_parameters(*, default: int | None = None, maximum: int | None = None) -> list:
    """`page` and `page_size` for views that paginate by hand (APIView, not generics),
    declared as gymintel.pagination declares them for the generic lists."""
    from drf_spectacular.utils import OpenApiParameter

    from gymintel.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, page_schema_parameters

    declared = page_schema_parameters(
        default=default or DEFAULT_PAGE_SIZE, maximum=maximum or MAX_PAGE_SIZE
    )
    return [
        OpenApiParameter(p["name"], p["schema"], description=p["description"]) for p in declared
    ]
