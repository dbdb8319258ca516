from .details import CostOption, Language, Phone, RequiredDocument, Schedule, ServiceContact
from .organization import Address, Location, Organization
from .service import Service, ServiceArea, ServiceAtLocation
from .taxonomy import Taxonomy, TaxonomyTerm

__all__ = [
    "Address",
    "CostOption",
    "Language",
    "Location",
    "Organization",
    "Phone",
    "RequiredDocument",
    "Schedule",
    "ServiceContact",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "Taxonomy",
    "TaxonomyTerm",
]
