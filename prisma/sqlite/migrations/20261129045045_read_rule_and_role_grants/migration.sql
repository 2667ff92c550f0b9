-- CreateTable
CREATE TABLE "RoleGrantRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "organId" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "requestedByName" TEXT NOT NULL,
    "requestedAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decidedById" TEXT,
    "decidedByName" TEXT,
    "decidedAt" DATETIME
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Document" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "formKey" TEXT NOT NULL,
    "formVersionId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "departmentPath" TEXT NOT NULL,
    "sequenceKey" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "verificationCode" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "instanceId" TEXT,
    "taskId" TEXT,
    "issuedAt" DATETIME NOT NULL,
    "issuedById" TEXT NOT NULL,
    "issuedByName" TEXT NOT NULL,
    "docx" BLOB NOT NULL,
    "docxSm3" TEXT NOT NULL,
    "pdf" BLOB,
    "pdfSm3" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" DATETIME,
    "madeById" TEXT,
    "madeByName" TEXT,
    "matterId" TEXT,
    CONSTRAINT "Document_formVersionId_fkey" FOREIGN KEY ("formVersionId") REFERENCES "FormVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Document_matterId_fkey" FOREIGN KEY ("matterId") REFERENCES "Matter" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Document" ("data", "deletedAt", "departmentId", "departmentPath", "docx", "docxSm3", "formKey", "formVersionId", "id", "instanceId", "issuedAt", "issuedById", "issuedByName", "number", "pdf", "pdfSm3", "revision", "seq", "sequenceKey", "subjectId", "subjectType", "taskId", "verificationCode", "year") SELECT "data", "deletedAt", "departmentId", "departmentPath", "docx", "docxSm3", "formKey", "formVersionId", "id", "instanceId", "issuedAt", "issuedById", "issuedByName", "number", "pdf", "pdfSm3", "revision", "seq", "sequenceKey", "subjectId", "subjectType", "taskId", "verificationCode", "year" FROM "Document";
DROP TABLE "Document";
ALTER TABLE "new_Document" RENAME TO "Document";
CREATE UNIQUE INDEX "Document_number_key" ON "Document"("number");
CREATE UNIQUE INDEX "Document_verificationCode_key" ON "Document"("verificationCode");
CREATE INDEX "Document_subjectType_subjectId_idx" ON "Document"("subjectType", "subjectId");
CREATE INDEX "Document_departmentPath_idx" ON "Document"("departmentPath");
CREATE INDEX "Document_formKey_idx" ON "Document"("formKey");
CREATE INDEX "Document_madeById_idx" ON "Document"("madeById");
CREATE INDEX "Document_matterId_idx" ON "Document"("matterId");
CREATE UNIQUE INDEX "Document_departmentId_sequenceKey_year_seq_key" ON "Document"("departmentId", "sequenceKey", "year", "seq");
CREATE TABLE "new_Matter" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "variant" TEXT,
    "number" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "departmentId" TEXT NOT NULL,
    "departmentPath" TEXT NOT NULL,
    "organId" TEXT NOT NULL,
    "partyId" TEXT,
    "parentId" TEXT,
    "data" JSONB NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdByName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "closedAt" DATETIME,
    "targetDocumentId" TEXT,
    CONSTRAINT "Matter_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "RegulatedEntity" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Matter_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Matter" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Matter_targetDocumentId_fkey" FOREIGN KEY ("targetDocumentId") REFERENCES "Document" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Matter" ("closedAt", "createdAt", "createdById", "createdByName", "data", "departmentId", "departmentPath", "id", "kind", "number", "organId", "parentId", "partyId", "status", "title", "variant") SELECT "closedAt", "createdAt", "createdById", "createdByName", "data", "departmentId", "departmentPath", "id", "kind", "number", "organId", "parentId", "partyId", "status", "title", "variant" FROM "Matter";
DROP TABLE "Matter";
ALTER TABLE "new_Matter" RENAME TO "Matter";
CREATE UNIQUE INDEX "Matter_number_key" ON "Matter"("number");
CREATE INDEX "Matter_departmentPath_idx" ON "Matter"("departmentPath");
CREATE INDEX "Matter_organId_kind_status_idx" ON "Matter"("organId", "kind", "status");
CREATE INDEX "Matter_partyId_idx" ON "Matter"("partyId");
CREATE INDEX "Matter_targetDocumentId_idx" ON "Matter"("targetDocumentId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RoleGrantRequest_organId_status_idx" ON "RoleGrantRequest"("organId", "status");

-- CreateIndex
CREATE INDEX "RoleGrantRequest_userId_idx" ON "RoleGrantRequest"("userId");

-- Backfill (issue 9): the maker of documents issued so far is the issuer
-- (the drafter of approval-issued ones is unknown), documents of a matter
-- name it, requests name their target by id.
UPDATE "Document" SET "madeById" = "issuedById", "madeByName" = "issuedByName" WHERE "madeById" IS NULL;
UPDATE "Document" SET "matterId" = "subjectId" WHERE "subjectType" = 'matter' AND "subjectId" IN (SELECT "id" FROM "Matter");
UPDATE "Matter" SET "targetDocumentId" = json_extract("data", '$.targetDocumentId')
  WHERE json_extract("data", '$.targetDocumentId') IN (SELECT "id" FROM "Document");
