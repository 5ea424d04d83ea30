"""REST API of the kinerja app (DESIGN.md section 7), one module per subject: `appraisals` (SKP and
their workflow actions as `POST appraisals/{id}/<action>/`), `periods` (periods, bulk creation,
organisational performance, set finalisation), `distribution`, `team_goals`; the shared output
shapes in `serializers`; the routes in `urls`. Same access rules as the pages (kinerja.selectors).

Each view validates its input, calls one service, and answers with the object as it now is.
"""

from rest_framework.views import APIView


def name_input_components(namespace: dict) -> None:
    """drf-spectacular names a nested `Input` after its class name; give each one a unique component
    name (<View>Input) so the schema has no collisions. Called at the end of each API module."""
    from drf_spectacular.utils import extend_schema_serializer

    for view in list(namespace.values()):
        if isinstance(view, type) and issubclass(view, APIView):
            for attr in ("Input", "IndicatorInput", "BehaviourInput"):
                nested = view.__dict__.get(attr)
                if nested is not None:
                    name = f"{view.__name__.removesuffix('Api').lstrip('_')}{attr}"
                    extend_schema_serializer(component_name=name)(nested)
