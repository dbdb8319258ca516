from .pages import ContentPage, HomePage, SafetyPage, TrainingPage
from .snippets import Hotline, SafetyAlert

__all__ = ["ContentPage", "HomePage", "Hotline", "SafetyAlert", "SafetyPage", "TrainingPage"]
