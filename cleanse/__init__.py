"""cleanse: repair damaged Chinese text corpora, logging every edit."""

from cleanse.document import Document
from cleanse.edits import Edit, apply_edits, replay
from cleanse.integrations.records import clean_record
from cleanse.pipeline import Pipeline, Result, clean_text

__version__ = "0.1.0"

__all__ = ["Document", "Edit", "Pipeline", "Result", "apply_edits", "clean_record", "clean_text", "replay", "__version__"]
