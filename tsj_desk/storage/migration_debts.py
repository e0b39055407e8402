"""Migration: balances per лицевой счёт, notices to debtors, promises to pay.

``balance_batch`` — one import of a balances file (an оборотно-сальдовая ведомость or a
debtors list) at one date, undone as a whole; ``balance`` — a premise's debt at that
date, in kopecks (money is kept exact as whole kopecks on every engine); ``debt_notice``
— each «Уведомление о задолженности» made, with how it was delivered;
``payment_promise`` — a debtor's promise to pay a sum by a date.
The DDL is written out for SQLite and PostgreSQL (the tables of ``storage.models``).
"""

from __future__ import annotations

import peewee


def _types(db: peewee.Database) -> dict[str, str]:
    if isinstance(db, peewee.SqliteDatabase):
        return {"id": "INTEGER NOT NULL PRIMARY KEY", "moment": "DATETIME", "money": "INTEGER"}
    return {"id": "SERIAL NOT NULL PRIMARY KEY", "moment": "TIMESTAMP", "money": "BIGINT"}


def migrate_debts(db: peewee.Database) -> None:
    t = _types(db)
    statements = [
        'CREATE TABLE IF NOT EXISTS "balance_batch" ('
        f'"id" {t["id"]}, "file_name" TEXT NOT NULL, "sha256" TEXT NOT NULL, '
        f'"balance_date" DATE NOT NULL, "at" {t["moment"]} NOT NULL, "user" TEXT NOT NULL, '
        f'"rows" INTEGER NOT NULL, "imported" INTEGER NOT NULL, "undone_at" {t["moment"]})',

        'CREATE TABLE IF NOT EXISTS "balance" ('
        f'"id" {t["id"]}, "batch_id" INTEGER NOT NULL, "premise_id" INTEGER NOT NULL, '
        '"balance_date" DATE NOT NULL, "account" TEXT NOT NULL, "owner" TEXT NOT NULL, '
        f'"debt" {t["money"]} NOT NULL, "months" INTEGER, "accrued" {t["money"]}, "paid" {t["money"]}, '
        'FOREIGN KEY ("batch_id") REFERENCES "balance_batch" ("id") ON DELETE RESTRICT, '
        'FOREIGN KEY ("premise_id") REFERENCES "premise" ("id") ON DELETE RESTRICT)',
        'CREATE INDEX IF NOT EXISTS "balance_batch_id" ON "balance" ("batch_id")',
        'CREATE INDEX IF NOT EXISTS "balance_premise_id_balance_date" ON "balance" '
        '("premise_id", "balance_date")',

        'CREATE TABLE IF NOT EXISTS "debt_notice" ('
        f'"id" {t["id"]}, "premise_id" INTEGER NOT NULL, "account" TEXT NOT NULL, '
        f'"debt" {t["money"]} NOT NULL, "balance_date" DATE NOT NULL, "made_at" {t["moment"]} NOT NULL, '
        '"user" TEXT NOT NULL, "delivery" TEXT NOT NULL, "delivered_on" DATE, "note" TEXT NOT NULL, '
        'FOREIGN KEY ("premise_id") REFERENCES "premise" ("id") ON DELETE RESTRICT)',
        'CREATE INDEX IF NOT EXISTS "debt_notice_premise_id" ON "debt_notice" ("premise_id")',

        'CREATE TABLE IF NOT EXISTS "payment_promise" ('
        f'"id" {t["id"]}, "premise_id" INTEGER NOT NULL, "debt" {t["money"]} NOT NULL, '
        '"balance_date" DATE, "promised_date" DATE NOT NULL, '
        f'"amount" {t["money"]} NOT NULL, "made_at" {t["moment"]} NOT NULL, "user" TEXT NOT NULL, '
        '"source" TEXT NOT NULL, "note" TEXT NOT NULL, '
        'FOREIGN KEY ("premise_id") REFERENCES "premise" ("id") ON DELETE RESTRICT)',
        'CREATE INDEX IF NOT EXISTS "payment_promise_premise_id" ON "payment_promise" ("premise_id")',
        'CREATE INDEX IF NOT EXISTS "payment_promise_promised_date" ON "payment_promise" '
        '("promised_date")',
    ]
    for statement in statements:
        db.execute_sql(statement)
