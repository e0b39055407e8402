"""The kinds of acts and their fields, as the window lists and edits them (it reaches
tsj_desk.documents only through the services)."""

from tsj_desk.documents.acts import ACT_KINDS, COMMON_FIELDS, ActField

__all__ = ["ACT_KINDS", "COMMON_FIELDS", "ActField"]
