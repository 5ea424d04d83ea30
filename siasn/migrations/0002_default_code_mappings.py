from django.db import migrations


def add_defaults(apps, schema_editor):
    from siasn.codes import DEFAULTS

    CodeMapping = apps.get_model("siasn", "CodeMapping")
    for kind, codes in DEFAULTS.items():
        for code, (name, value) in codes.items():
            CodeMapping.objects.get_or_create(kind=kind, siasn_code=code, defaults={"siasn_name": name, "value": value})


class Migration(migrations.Migration):
    dependencies = [("siasn", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
