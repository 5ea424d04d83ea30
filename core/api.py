"""API plumbing shared by every app: error mapping, input validation, pagination and the JSON parser.

Every message a client reads is Indonesian (issue 19, finding 5): DRF's own messages are translated in
`locale/id/LC_MESSAGES/django.po` (DRF's Indonesian catalogue covers a third of them); the few DRF
writes without translation (the JSON parse error, the CSRF refusal, the page number) are raised here
and in `core.authentication` with Indonesian text instead.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext
from django_fsm import TransitionNotAllowed as FSMTransitionNotAllowed
from rest_framework import exceptions, pagination, parsers, serializers
from rest_framework.response import Response

from core.api_permissions import FORBIDDEN
from core.exceptions import DomainError, TransitionNotAllowed


def _forbidden_detail(exc: PermissionDenied) -> str:
    """The refusal's own message, or the general one: never "None" or an empty string (finding 4)."""
    message = exc.args[0] if exc.args else None
    return str(message) if message else str(FORBIDDEN)


def exception_handler(exc, context):
    if isinstance(exc, TransitionNotAllowed | FSMTransitionNotAllowed):
        message = getattr(exc, "message", None) or TransitionNotAllowed.default_message
        return Response({"detail": str(message)}, status=409)
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "message_dict"):
            return Response(exc.message_dict, status=400)
        return Response({"detail": exc.messages}, status=400)
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_forbidden_detail(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    # Imported here: rest_framework.views reads DEFAULT_PARSER_CLASSES (this module's JSONParser) when
    # it is imported, so importing it at the top made a cycle whenever DRF's settings were read before
    # this module (a Celery worker's startup checks failed with "core.api does not define JSONParser").
    from rest_framework.views import exception_handler as drf_exception_handler

    return drf_exception_handler(exc, context)


def validated(serializer_class: type[serializers.Serializer], data, **kwargs) -> dict:
    """Validate input with a nested Input serializer; raises 400 with field messages."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with an Indonesian parse error (DRF's own is English and untranslated)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except exceptions.ParseError:
            raise exceptions.ParseError(gettext("Isi permintaan bukan JSON yang sah.")) from None


class Pagination(pagination.PageNumberPagination):
    """Page numbers as DRF pages them, but a page that is not a whole number from 1 to the last is a
    400 with an Indonesian message (DRF answers 404 "Invalid page."), and `page_size`, where a view
    allows it, must be a whole number from 1 to `max_page_size` (DRF ignored a bad one silently)."""

    def get_page_size(self, request):
        if not self.page_size_query_param or self.page_size_query_param not in request.query_params:
            return self.page_size
        raw = request.query_params[self.page_size_query_param]
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {
                    self.page_size_query_param: [
                        gettext("Ukuran halaman harus bilangan bulat 1 sampai %(max)d.")
                        % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except exceptions.NotFound:
            last = self.django_paginator_class(queryset, self.get_page_size(request)).num_pages
            message = gettext("Nomor halaman tidak sah: harus bilangan bulat 1 sampai %(last)d.") % {
                "last": last
            }
            raise exceptions.ValidationError({self.page_query_param: [message]}) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters
