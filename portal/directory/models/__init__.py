from .details import Contact, CostOption, Language, Phone, RequiredDocument, Schedule
from .organization import Address, Location, Organization
from .service import Service, ServiceArea, ServiceAtLocation
from .taxonomy import Taxonomy, TaxonomyTerm

__all__ = [
    "Address",
    "Contact",
    "CostOption",
    "Language",
    "Location",
    "Organization",
    "Phone",
    "RequiredDocument",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "Taxonomy",
    "TaxonomyTerm",
]
