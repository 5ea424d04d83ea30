"""API plumbing shared by every app: error mapping and input validation."""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django_fsm import TransitionNotAllowed as FSMTransitionNotAllowed
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.exceptions import DomainError, TransitionNotAllowed


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
        exc = exceptions.PermissionDenied(str(exc) if str(exc) else None)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)


def validated(serializer_class: type[serializers.Serializer], data, **kwargs) -> dict:
    """Validate input with a nested Input serializer; raises 400 with field messages."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
