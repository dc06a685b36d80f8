"""The column check of the feedback functions: the one in ``alliance_lab._validation``."""

from .._validation import check_table


def check_columns(data, columns, what, *, hint=""):
    """Raise unless ``data`` is a table with all ``columns`` (see ``_validation.check_table``)."""
    check_table(data, what, columns=columns, fix=hint)
