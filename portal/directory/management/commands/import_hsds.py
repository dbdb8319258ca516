from django.core.management.base import BaseCommand, CommandError

from portal.directory.hsds_import import HSDSImportError, import_path


class Command(BaseCommand):
    help = (
        "Import HSDS 3.0 data: a JSON document (a service, a list of services, or organizations with nested "
        "services) or a folder with a CSV data package. All or nothing; matched by HSDS id."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            importer = import_path(path)
        except HSDSImportError as error:
            raise CommandError(f"Nothing was imported. {error}") from error
        for warning in importer.warnings:
            self.stderr.write(f"Warning: {warning}")
        self.stdout.write(f"Imported {len(importer.service_ids)} services.")
        if importer.confidential_addresses:
            self.stdout.write(
                "These records carry an address or map position for a place kept confidential here. "
                "It stays hidden and confidential; ask the source to leave it out:"
            )
            for record in importer.confidential_addresses:
                self.stdout.write(f"  {record}")
