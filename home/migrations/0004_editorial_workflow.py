from django.db import migrations


def set_up(apps, schema_editor):
    from home.editorial import set_up_editorial_workflow

    set_up_editorial_workflow(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0003_page_types"),
        ("accounts", "0002_roles_and_cache_table"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(set_up, migrations.RunPython.noop)]
