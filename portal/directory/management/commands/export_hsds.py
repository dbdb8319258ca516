from django.core.management.base import BaseCommand

from portal.directory.export import write_package


class Command(BaseCommand):
    help = "Write the published directory as an HSDS 3.0 CSV data package and services.json into DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR")

    def handle(self, *args, directory, **options):
        count = write_package(directory)
        self.stdout.write(f"Exported {count} services to {directory}.")
