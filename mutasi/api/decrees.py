"""REST API of transfer decrees (SK mutasi): the list the caller may see, issuing one for approved
requests at once or as a draft (HR), issuing or discarding a draft, one decree and its PDF, the
signer's queue and signing (TTE), and the public verification. Selectors decide access, services
write."""

from __future__ import annotations

from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from core.api_permissions import ActsOn
from instansi.models import Employee
from mutasi import files, permissions, selectors, services
from mutasi.choices import DecreeStatus
from mutasi.models import Decree
from mutasi.selectors import decrees as decree_selectors
from mutasi.services import signing


class DecreeOutput(serializers.ModelSerializer):
    requests = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    draft_requests = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text=_("Usulan dalam konsep (hanya selama berstatus draft).")
    )
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Decree
        fields = [
            "id",
            "number",
            "year",
            "seq",
            "date",
            "tmt",
            "signer",
            "signer_name",
            "signer_title",
            "on_behalf",
            "pdf_sha256",
            "pdf_url",
            "status",
            "signed_sha256",
            "signed_at",
            "cancel_reason",
            "requests",
            "draft_requests",
            "created_at",
        ]

    def get_pdf_url(self, obj) -> str | None:
        # A draft's PDF is its preview, rendered on demand.
        if obj.pdf or obj.status == DecreeStatus.DRAFT:
            return reverse("api-mutasi-decree-pdf", args=[obj.pk])
        return None


class DecreeListCreateApi(generics.ListAPIView):
    serializer_class = DecreeOutput
    filter_backends: list = []
    may_act = staticmethod(permissions.may_issue_decrees)

    class Input(serializers.Serializer):
        requests = serializers.ListField(child=serializers.IntegerField(), min_length=1)
        date = serializers.DateField()
        tmt = serializers.DateField()
        signer = serializers.IntegerField(help_text=_("Id pegawai penandatangan."))
        note = serializers.CharField(required=False, allow_blank=True, default="")
        draft = serializers.BooleanField(
            required=False,
            default=False,
            help_text=_("true: simpan sebagai konsep tanpa nomor (diterbitkan atau dibuang kemudian)."),
        )

        class Meta:
            ref_name = "DecreeListCreateInput"

    def get_queryset(self):
        return selectors.decree_list(viewer=self.request.user).prefetch_related("requests", "draft_requests")

    @extend_schema(request=Input, responses={201: DecreeOutput})
    def post(self, request):
        data = validated(self.Input, request.data)
        signer = Employee.objects.select_related("position").filter(pk=data["signer"]).first()
        if signer is None:
            raise serializers.ValidationError({"signer": [_("Pegawai tidak ditemukan.")]})
        make = services.decree_draft_create if data["draft"] else services.decree_issue
        decree = make(
            actor=request.user,
            request_ids=data["requests"],
            date=data["date"],
            tmt=data["tmt"],
            signer=signer,
            note=data["note"],
        )
        decree.refresh_from_db()
        return Response(DecreeOutput(decree).data, status=201)


class DecreeDetailApi(APIView):
    @extend_schema(responses=DecreeOutput)
    def get(self, request, pk: int):
        return Response(DecreeOutput(selectors.decree_get(viewer=request.user, pk=pk)).data)


class DecreePdfApi(APIView):
    """The decree PDF for those concerned (HR, the employees in it, heads of origin/destination)."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request, pk: int):
        return files.decree_pdf_response(selectors.decree_get(viewer=request.user, pk=pk))


# Issue a draft (konsep): it takes the next number of its year now (HR).
class DecreeDraftIssueApi(APIView):
    may_act = staticmethod(permissions.may_issue_decrees)
    acts_on = ActsOn(selectors.decree_get)  # 404 for an id HR does not see, before the input

    class Input(serializers.Serializer):
        date = serializers.DateField(required=False, help_text=_("Tanggal SK; kosong: tanggal konsep."))
        tmt = serializers.DateField(required=False, help_text=_("TMT; kosong: TMT konsep."))
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)

        class Meta:
            ref_name = "DecreeDraftIssueInput"

    @extend_schema(request=Input, responses=DecreeOutput, summary=_("Terbitkan konsep SK (beri nomor)"))
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        decree = services.decree_draft_issue(
            actor=request.user,
            decree_id=pk,
            date=data.get("date"),
            tmt=data.get("tmt"),
            note=data["note"],
        )
        decree.refresh_from_db()
        return Response(DecreeOutput(decree).data)


# Discard a draft (konsep): it had no number, so none is used up (HR).
class DecreeDraftDiscardApi(APIView):
    may_act = staticmethod(permissions.may_issue_decrees)
    acts_on = ActsOn(selectors.decree_get)

    class Input(serializers.Serializer):
        reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)

        class Meta:
            ref_name = "DecreeDraftDiscardInput"

    @extend_schema(request=Input, responses={204: None}, summary=_("Buang konsep SK"))
    def post(self, request, pk: int):
        data = validated(self.Input, request.data)
        services.decree_draft_discard(actor=request.user, decree_id=pk, reason=data["reason"])
        return Response(status=204)


# --- signing (issue 17 point 4): the same service as the page /mutasi/sk/tanda-tangan/ ---------------


class SigningQueueOutput(serializers.ModelSerializer):
    employees = serializers.IntegerField(read_only=True, help_text=_("Jumlah pegawai dalam SK."))
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Decree
        fields = [
            "id",
            "number",
            "date",
            "tmt",
            "subject",
            "signer_title",
            "on_behalf",
            "employees",
            "pdf_sha256",
            "pdf_url",
            "sign_error",
        ]

    def get_pdf_url(self, obj) -> str | None:
        return reverse("api-mutasi-decree-pdf", args=[obj.pk]) if obj.pdf else None


# The decrees waiting for the caller's signature (only the official each decree names).
class DecreeSigningQueueApi(generics.ListAPIView):
    serializer_class = SigningQueueOutput
    filter_backends: list = []

    def get_queryset(self):
        return decree_selectors.signing_queue(viewer=self.request.user)


class FailedSigning(serializers.Serializer):
    number = serializers.CharField()
    reason = serializers.CharField()


class SigningOutput(serializers.Serializer):
    signed = serializers.ListField(
        child=serializers.CharField(), help_text=_("Nomor SK yang ditandatangani.")
    )
    failed = FailedSigning(many=True, help_text=_("SK yang belum ditandatangani, dengan alasannya."))


# Sign a batch of decrees with one passphrase entry (TTE through BSrE). The passphrase goes to BSrE once
# and nowhere else: not stored, logged or echoed. A refusal stops the batch; what was not signed stays
# issued with its number and the reason, to retry later (200 with `failed`).
@method_decorator(sensitive_post_parameters("passphrase"), name="dispatch")
class DecreeSignApi(APIView):
    may_act = staticmethod(permissions.may_ever_sign)

    class Input(serializers.Serializer):
        decrees = serializers.ListField(
            child=serializers.IntegerField(min_value=1), min_length=1, max_length=100
        )
        passphrase = serializers.CharField(
            write_only=True, max_length=200, trim_whitespace=False, style={"input_type": "password"}
        )

        class Meta:
            ref_name = "DecreeSignInput"

    @extend_schema(request=Input, responses=SigningOutput, summary=_("Tandatangani SK (TTE)"))
    @sensitive_variables("passphrase", "data")
    def post(self, request):
        data = validated(self.Input, request.data)
        result = signing.decree_sign_batch(
            actor=request.user, decree_ids=data["decrees"], passphrase=data["passphrase"]
        )
        return Response(
            SigningOutput(
                {
                    "signed": result.signed,
                    "failed": [{"number": n, "reason": r} for n, r in result.failed],
                }
            ).data
        )


# --- public verification (issue 17 point 5): the same answers as the page /verifikasi/<token>/ ------


class PublicDecreeOutput(serializers.Serializer):
    # No NIP or name of any employee: only what the decree says of itself and who signed it.
    number = serializers.CharField()
    date = serializers.DateField()
    subject = serializers.CharField()
    signer_title = serializers.CharField()
    signer_name = serializers.CharField()
    employees = serializers.IntegerField(help_text=_("Jumlah pegawai dalam SK."))
    status = serializers.ChoiceField(choices=DecreeStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    signed = serializers.SerializerMethodField()
    signed_sha256 = serializers.CharField(
        help_text=_("SHA-256 berkas SK bertanda tangan; kosong bila belum.")
    )

    def get_signed(self, obj) -> bool:
        return bool(obj.signed_sha256)


class VerificationOutcomeOutput(serializers.Serializer):
    decree = PublicDecreeOutput()
    match = serializers.ChoiceField(
        choices=[("decree", "decree"), ("petikan", "petikan"), ("none", "none")],
        help_text=_("decree/petikan: berkas ini sama persis dengan yang ditandatangani; none: tidak."),
    )
    match_label = serializers.CharField()
    sha256 = serializers.CharField(help_text=_("SHA-256 berkas yang diunggah."))
    bsre = serializers.CharField(help_text=_("Kesimpulan verifikasi BSrE; kosong bila BSrE tidak dipakai."))


class TooManyRequests(serializers.Serializer):
    detail = serializers.CharField()


MATCH_LABELS = {
    "decree": _("COCOK: berkas ini adalah SK yang ditandatangani."),
    "petikan": _("COCOK: berkas ini adalah petikan SK yang ditandatangani."),
    "none": _("TIDAK COCOK: berkas ini bukan dokumen bertanda tangan dari SK ini."),
}
LIMITED = _("Terlalu banyak permintaan verifikasi dari alamat ini; coba lagi sebentar lagi.")


def _limited() -> Response:
    return Response({"detail": str(LIMITED)}, status=429)


# Public (no login), rate-limited like the page: what a decree's QR code leads to. GET shows the decree
# without personal data; POST a PDF (`file`, multipart) to learn whether it is that signed document, byte
# for byte.
class VerificationApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    parser_classes = [MultiPartParser, FormParser]

    class Input(serializers.Serializer):
        file = serializers.FileField(help_text=_("Berkas PDF yang akan diperiksa (maks. 20 MB)."))

        class Meta:
            ref_name = "VerificationInput"

    @extend_schema(
        responses={200: PublicDecreeOutput, 429: TooManyRequests}, summary=_("Data SK untuk verifikasi")
    )
    def get(self, request, token: str):
        if decree_selectors.verification_limited(request):
            return _limited()
        return Response(PublicDecreeOutput(decree_selectors.decree_public(token=token)).data)

    @extend_schema(
        request={"multipart/form-data": Input},
        responses={200: VerificationOutcomeOutput, 429: TooManyRequests},
        summary=_("Periksa berkas SK bertanda tangan"),
    )
    def post(self, request, token: str):
        if decree_selectors.verification_limited(request):
            return _limited()
        decree = decree_selectors.decree_public(token=token)
        upload = validated(self.Input, request.data)["file"]
        if upload.size > decree_selectors.MAX_VERIFY_UPLOAD:
            raise serializers.ValidationError({"file": [_("Berkas lebih dari 20 MB.")]})
        match, sha256, conclusion = decree_selectors.verify_upload(decree, upload.read())
        return Response(
            VerificationOutcomeOutput(
                {
                    "decree": decree,
                    "match": match,
                    "match_label": MATCH_LABELS[match],
                    "sha256": sha256,
                    "bsre": conclusion,
                }
            ).data
        )
