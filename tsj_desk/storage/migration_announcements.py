"""Migration: the announcements for entrances and notice boards, kept with their dates.

One row per announcement: its kind (``outage``, ``visit``, ``meeting``), the house and
the entrances (``""`` — all of them), when it starts and ends, and the words of its
kind — the resource and the reason of an outage; the work, the performer and the
premises (as typed: «1–36, 40») of a visit; the form, the place and the agenda of a
meeting; who made it and when.
"""

from __future__ import annotations

import peewee


def migrate_announcements(db: peewee.Database) -> None:
    class House(peewee.Model):  # only the key the announcement refers to
        class Meta:
            legacy_table_names = False

    class Announcement(peewee.Model):  # frozen: the table as this migration makes it
        kind = peewee.TextField()
        house = peewee.ForeignKeyField(House, null=True, on_delete="RESTRICT")
        entrances = peewee.TextField(default="")
        starts_at = peewee.DateTimeField(index=True)
        ends_at = peewee.DateTimeField(null=True)
        resource = peewee.TextField(default="")
        reason = peewee.TextField(default="")
        work = peewee.TextField(default="")
        performer = peewee.TextField(default="")
        premises = peewee.TextField(default="")
        meeting_form = peewee.TextField(default="")
        place = peewee.TextField(default="")
        agenda = peewee.TextField(default="")
        note = peewee.TextField(default="")
        created_at = peewee.DateTimeField()
        user = peewee.TextField(default="")

        class Meta:
            legacy_table_names = False

    with db.bind_ctx([House, Announcement], bind_refs=False, bind_backrefs=False):
        db.create_tables([Announcement], safe=True)
