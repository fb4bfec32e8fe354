"""The errors a user can be told about, kept apart so that catching them costs no imports."""


class ChecklistError(Exception):
    """A checklist file could not be read, written or used; the message is for the user."""


class ExportError(ChecklistError, OSError):
    """Writing a checklist file failed (missing folder, no permission, disk full)."""


class NewerSchemaError(ChecklistError):
    """The file was written by a newer cnai-pay; it is left alone."""
