"""OpenAPI schema post-processing: document the error answers every API view can give.

drf-spectacular documents only the success answer of a view. The error contract of DESIGN.md 7 is the
same everywhere (core.api.exception_handler): 400 with field messages, 401 without a valid token, 403 for
a role without access, 404 for an unknown or foreign object, 409 for a
transition not allowed from the current status, 415 for a body in a media type the view does not
parse, 429 while a login is locked out (django-axes). Declaring them lets clients, and the fuzzing in
tests/security/test_fuzz_api.py, hold the API to its schema.
"""

from __future__ import annotations

ERROR_COMPONENT = "ErrorResponse"
ERROR_SCHEMA = {
    "type": "object",
    "description": "`detail` (a message) or a message list per field name.",
    "additionalProperties": {},
}
WRITE_METHODS = {"post", "put", "patch", "delete"}


def _is_anonymous_allowed(operation: dict) -> bool:
    return {} in operation.get("security", [])


def _error_codes(path: str, method: str, operation: dict) -> dict[str, str]:
    codes = {"401": "Tidak terautentikasi (token tidak ada atau tidak sah)."}
    if not _is_anonymous_allowed(operation):
        codes["403"] = "Tidak berwenang untuk operasi ini."
    if operation.get("parameters") or operation.get("requestBody"):
        codes["400"] = "Masukan tidak sah; pesan per kolom."
    # An unknown id in the path, the query or the body (`{"region": 0}`) (a bad page number is a 400).
    if operation.get("parameters") or operation.get("requestBody"):
        codes["404"] = "Tidak ditemukan atau di luar jangkauan."
    if method in WRITE_METHODS and "{" in path:
        codes["409"] = "Transisi tidak diizinkan dari status saat ini."
    if operation.get("requestBody"):
        codes["415"] = "Jenis media isi permintaan tidak didukung."
    if _is_anonymous_allowed(operation) and method == "post":
        codes["429"] = "Terlalu banyak percobaan masuk yang gagal; akun dikunci sementara."
    return codes


def document_error_responses(result: dict, generator, request, public) -> dict:
    """drf-spectacular POSTPROCESSING_HOOKS entry; keeps any error answer a view declared itself."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    ref = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for path, methods in result.get("paths", {}).items():
        for method, operation in methods.items():
            if method not in {"get", *WRITE_METHODS}:
                continue
            for parameter in operation.get("parameters", []):
                # Filters and pages read an empty query value (`?agency=`, as an HTML form sends an
                # unchosen option) as "not given", or refuse it with 400: say so (issue 19, finding 7).
                if parameter.get("in") == "query":
                    parameter.setdefault("allowEmptyValue", True)
            responses = operation.setdefault("responses", {})
            for code, description in _error_codes(path, method, operation).items():
                responses.setdefault(
                    code, {"content": {"application/json": {"schema": ref}}, "description": description}
                )
    return result
