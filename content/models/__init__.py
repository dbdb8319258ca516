from .pages import ContentPage, HomePage, SafetyPage
from .snippets import Hotline, SafetyAlert
from .training import LessonPage, TrainingPage

__all__ = ["ContentPage", "HomePage", "Hotline", "LessonPage", "SafetyAlert", "SafetyPage", "TrainingPage"]
