from .details import CostOption, Language, Phone, RequiredDocument, Schedule, ServiceContact
from .organization import Address, Location, Organization
from .search_entry import SearchEntry
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
    "SearchEntry",
    "Schedule",
    "ServiceContact",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "Taxonomy",
    "TaxonomyTerm",
]
