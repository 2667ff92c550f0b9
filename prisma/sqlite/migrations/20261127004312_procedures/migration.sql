-- CreateTable
CREATE TABLE "Matter" (
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
    CONSTRAINT "Matter_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "RegulatedEntity" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Matter_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Matter" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MatterOfficer" (
    "matterId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "position" TEXT NOT NULL DEFAULT 'member',

    PRIMARY KEY ("matterId", "userId"),
    CONSTRAINT "MatterOfficer_matterId_fkey" FOREIGN KEY ("matterId") REFERENCES "Matter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MatterGate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "matterId" TEXT NOT NULL,
    "gate" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "taskId" TEXT,
    "decidedById" TEXT NOT NULL,
    "decidedByName" TEXT NOT NULL,
    "decidedAt" DATETIME NOT NULL,
    "comment" TEXT,
    CONSTRAINT "MatterGate_matterId_fkey" FOREIGN KEY ("matterId") REFERENCES "Matter" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "readAt" DATETIME
);

-- CreateTable
CREATE TABLE "DocumentRevision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "docx" BLOB NOT NULL,
    "pdf" BLOB,
    "pdfSm3" TEXT,
    "requestId" TEXT NOT NULL,
    "appliedById" TEXT NOT NULL,
    "appliedAt" DATETIME NOT NULL
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
    CONSTRAINT "Document_formVersionId_fkey" FOREIGN KEY ("formVersionId") REFERENCES "FormVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Document" ("data", "departmentId", "departmentPath", "docx", "docxSm3", "formKey", "formVersionId", "id", "instanceId", "issuedAt", "issuedById", "issuedByName", "number", "pdf", "pdfSm3", "seq", "sequenceKey", "subjectId", "subjectType", "taskId", "verificationCode", "year") SELECT "data", "departmentId", "departmentPath", "docx", "docxSm3", "formKey", "formVersionId", "id", "instanceId", "issuedAt", "issuedById", "issuedByName", "number", "pdf", "pdfSm3", "seq", "sequenceKey", "subjectId", "subjectType", "taskId", "verificationCode", "year" FROM "Document";
DROP TABLE "Document";
ALTER TABLE "new_Document" RENAME TO "Document";
CREATE UNIQUE INDEX "Document_number_key" ON "Document"("number");
CREATE UNIQUE INDEX "Document_verificationCode_key" ON "Document"("verificationCode");
CREATE INDEX "Document_subjectType_subjectId_idx" ON "Document"("subjectType", "subjectId");
CREATE INDEX "Document_departmentPath_idx" ON "Document"("departmentPath");
CREATE INDEX "Document_formKey_idx" ON "Document"("formKey");
CREATE UNIQUE INDEX "Document_departmentId_sequenceKey_year_seq_key" ON "Document"("departmentId", "sequenceKey", "year", "seq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Matter_number_key" ON "Matter"("number");

-- CreateIndex
CREATE INDEX "Matter_departmentPath_idx" ON "Matter"("departmentPath");

-- CreateIndex
CREATE INDEX "Matter_organId_kind_status_idx" ON "Matter"("organId", "kind", "status");

-- CreateIndex
CREATE INDEX "Matter_partyId_idx" ON "Matter"("partyId");

-- CreateIndex
CREATE INDEX "MatterOfficer_userId_idx" ON "MatterOfficer"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "MatterGate_matterId_gate_key" ON "MatterGate"("matterId", "gate");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_dedupeKey_key" ON "Notification"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_idx" ON "Notification"("userId", "readAt");

-- CreateIndex
CREATE INDEX "DocumentRevision_documentId_idx" ON "DocumentRevision"("documentId");
