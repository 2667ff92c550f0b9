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
    "seq" INTEGER,
    "number" TEXT,
    "verificationCode" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "instanceId" TEXT,
    "taskId" TEXT,
    "issuedAt" DATETIME NOT NULL,
    "issuedById" TEXT NOT NULL,
    "issuedByName" TEXT NOT NULL,
    "dataSm3" TEXT,
    "verifyBaseUrl" TEXT,
    "docx" BLOB,
    "docxSm3" TEXT,
    "pdf" BLOB,
    "pdfSm3" TEXT,
    "renderStatus" TEXT NOT NULL DEFAULT 'rendered',
    "renderAttempts" INTEGER NOT NULL DEFAULT 0,
    "renderAfter" DATETIME,
    "renderError" TEXT,
    "renderedAt" DATETIME,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "deletedAt" DATETIME,
    "madeById" TEXT,
    "madeByName" TEXT,
    "matterId" TEXT,
    CONSTRAINT "Document_formVersionId_fkey" FOREIGN KEY ("formVersionId") REFERENCES "FormVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Document_matterId_fkey" FOREIGN KEY ("matterId") REFERENCES "Matter" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Document" ("data", "dataSm3", "deletedAt", "departmentId", "departmentPath", "docx", "docxSm3", "formKey", "formVersionId", "id", "instanceId", "issuedAt", "issuedById", "issuedByName", "madeById", "madeByName", "matterId", "number", "pdf", "pdfSm3", "renderAfter", "renderAttempts", "renderError", "renderStatus", "renderedAt", "revision", "seq", "sequenceKey", "subjectId", "subjectType", "taskId", "verificationCode", "verifyBaseUrl", "year") SELECT "data", "dataSm3", "deletedAt", "departmentId", "departmentPath", "docx", "docxSm3", "formKey", "formVersionId", "id", "instanceId", "issuedAt", "issuedById", "issuedByName", "madeById", "madeByName", "matterId", "number", "pdf", "pdfSm3", "renderAfter", "renderAttempts", "renderError", "renderStatus", "renderedAt", "revision", "seq", "sequenceKey", "subjectId", "subjectType", "taskId", "verificationCode", "verifyBaseUrl", "year" FROM "Document";
DROP TABLE "Document";
ALTER TABLE "new_Document" RENAME TO "Document";
CREATE UNIQUE INDEX "Document_number_key" ON "Document"("number");
CREATE UNIQUE INDEX "Document_verificationCode_key" ON "Document"("verificationCode");
CREATE INDEX "Document_subjectType_subjectId_idx" ON "Document"("subjectType", "subjectId");
CREATE INDEX "Document_departmentPath_idx" ON "Document"("departmentPath");
CREATE INDEX "Document_formKey_idx" ON "Document"("formKey");
CREATE INDEX "Document_madeById_idx" ON "Document"("madeById");
CREATE INDEX "Document_matterId_idx" ON "Document"("matterId");
CREATE INDEX "Document_renderStatus_renderAfter_idx" ON "Document"("renderStatus", "renderAfter");
CREATE UNIQUE INDEX "Document_departmentId_sequenceKey_year_seq_key" ON "Document"("departmentId", "sequenceKey", "year", "seq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
