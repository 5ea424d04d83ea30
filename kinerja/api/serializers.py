"""Output shapes of the kinerja API (read-only serializers)."""

from rest_framework import serializers

from kinerja.models import Appraisal, BehaviourRating, FeedbackNote, Indicator, ResultPlan, TeamGoal


class IndicatorOutput(serializers.ModelSerializer):
    achievement = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = Indicator
        fields = [
            "id",
            "aspect",
            "description",
            "target",
            "unit_label",
            "realised",
            "achievement",
            "evidence_url",
        ]


class TeamGoalOutput(serializers.ModelSerializer):
    achievement = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = TeamGoal
        fields = ["id", "title", "aspect", "target", "unit_label", "realised", "achievement"]


class ResultPlanOutput(serializers.ModelSerializer):
    indicators = IndicatorOutput(many=True, read_only=True)
    team_goal = TeamGoalOutput(read_only=True, allow_null=True)

    class Meta:
        model = ResultPlan
        fields = ["id", "kind", "description", "parent", "team_goal", "indicators"]


class BehaviourOutput(serializers.ModelSerializer):
    class Meta:
        model = BehaviourRating
        fields = ["value", "rating", "note"]


class FeedbackOutput(serializers.ModelSerializer):
    author = serializers.CharField(source="author.get_full_name", read_only=True, default="")

    class Meta:
        model = FeedbackNote
        fields = ["id", "date", "quarter", "note", "author"]


class AppraisalListOutput(serializers.ModelSerializer):
    year = serializers.IntegerField(source="period.year", read_only=True)
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    employee_nip = serializers.CharField(source="employee.nip", read_only=True)
    appraiser_name = serializers.CharField(
        source="appraiser.name", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = Appraisal
        fields = [
            "id",
            "period",
            "year",
            "employee",
            "employee_name",
            "employee_nip",
            "appraiser",
            "appraiser_name",
            "position_title",
            "unit_name",
            "agency_name",
            "status",
            "results_rating",
            "behaviour_rating",
            "predicate",
        ]


class AppraisalDetailOutput(AppraisalListOutput):
    result_plans = ResultPlanOutput(many=True, read_only=True)
    behaviour_ratings = BehaviourOutput(many=True, read_only=True)
    feedback_notes = FeedbackOutput(many=True, read_only=True)

    class Meta(AppraisalListOutput.Meta):
        fields = [
            *AppraisalListOutput.Meta.fields,
            "is_unit_head",
            "average_achievement",
            "results_suggested",
            "results_justification",
            "return_note",
            "objection_reason",
            "submitted_at",
            "agreed_at",
            "rated_at",
            "responded_at",
            "finalised_at",
            "result_plans",
            "behaviour_ratings",
            "feedback_notes",
        ]
