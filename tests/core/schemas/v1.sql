-- Schema version 1: the SQLite tables, indexes and triggers made by ТСЖ Деск at commit
-- 52ad6fd, dumped from sqlite_master. Kept as written then; never edit.
-- (The shadow tables of a virtual table are left out: SQLite makes them with it.)

CREATE TABLE "audit_entry" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, "user" TEXT NOT NULL, "action" TEXT NOT NULL, "entity" TEXT NOT NULL, "entity_id" INTEGER, "details" TEXT NOT NULL);
CREATE INDEX "audit_entry_at" ON "audit_entry" ("at");
CREATE TABLE "disclosure" ("id" INTEGER NOT NULL PRIMARY KEY, "at" DATETIME NOT NULL, "user" TEXT NOT NULL, "requested_by" TEXT NOT NULL, "purpose" TEXT NOT NULL, "request_id" INTEGER, "as_of" DATE NOT NULL, "rows" INTEGER NOT NULL, "file_name" TEXT NOT NULL, "sha256" TEXT NOT NULL);
CREATE INDEX "disclosure_at" ON "disclosure" ("at");
CREATE TABLE "organization" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL, "kind" TEXT NOT NULL, "inn" TEXT, "ogrn" TEXT, "address" TEXT, "city" TEXT, "chairman" TEXT, "chairman_position" TEXT NOT NULL);
CREATE TABLE "house" ("id" INTEGER NOT NULL PRIMARY KEY, "organization_id" INTEGER NOT NULL, "address" TEXT NOT NULL, "total_area" DECIMAL(14, 2), FOREIGN KEY ("organization_id") REFERENCES "organization" ("id") ON DELETE RESTRICT);
CREATE INDEX "house_organization_id" ON "house" ("organization_id");
CREATE TABLE "premise" ("id" INTEGER NOT NULL PRIMARY KEY, "house_id" INTEGER NOT NULL, "number" TEXT NOT NULL, "sort_key" TEXT NOT NULL, "kind" TEXT NOT NULL, "area" DECIMAL(12, 2), "entrance" TEXT, "floor" TEXT, "cadastral_number" TEXT, "account" TEXT, "search_key" TEXT NOT NULL, FOREIGN KEY ("house_id") REFERENCES "house" ("id") ON DELETE RESTRICT);
CREATE INDEX "premise_house_id" ON "premise" ("house_id");
CREATE INDEX "premise_sort_key" ON "premise" ("sort_key");
CREATE INDEX "premise_account" ON "premise" ("account");
CREATE UNIQUE INDEX "premise_house_id_number" ON "premise" ("house_id", "number");
CREATE TABLE "person" ("id" INTEGER NOT NULL PRIMARY KEY, "is_legal" INTEGER NOT NULL, "name" TEXT NOT NULL, "last_name" TEXT, "first_name" TEXT, "patronymic" TEXT, "ogrn" TEXT, "inn" TEXT, "phone" TEXT, "email" TEXT, "postal_address" TEXT, "note" TEXT, "search_key" TEXT NOT NULL);
CREATE INDEX "person_ogrn" ON "person" ("ogrn");
CREATE INDEX "person_search_key" ON "person" ("search_key");
CREATE TABLE "ownership" ("id" INTEGER NOT NULL PRIMARY KEY, "premise_id" INTEGER NOT NULL, "person_id" INTEGER NOT NULL, "share_num" INTEGER NOT NULL, "share_den" INTEGER NOT NULL, "joint_group" TEXT, "egrn_number" TEXT, "egrn_date" DATE, "valid_from" DATE, "valid_to" DATE, "member" INTEGER NOT NULL, "member_since" DATE, "note" TEXT, FOREIGN KEY ("premise_id") REFERENCES "premise" ("id") ON DELETE RESTRICT, FOREIGN KEY ("person_id") REFERENCES "person" ("id") ON DELETE RESTRICT);
CREATE INDEX "ownership_premise_id" ON "ownership" ("premise_id");
CREATE INDEX "ownership_person_id" ON "ownership" ("person_id");
CREATE INDEX "ownership_valid_to" ON "ownership" ("valid_to");
