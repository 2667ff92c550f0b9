-- CreateTable
CREATE TABLE "CatalogItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "activeVersion" INTEGER NOT NULL,
    "baselineVersion" INTEGER,
    "availableVersion" INTEGER,
    "updatedAt" DATETIME NOT NULL,
    "updatedById" TEXT,
    "updatedByName" TEXT
);

-- CreateTable
CREATE TABLE "CatalogVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "changeNote" TEXT,
    "source" TEXT NOT NULL,
    "createdById" TEXT,
    "createdByName" TEXT,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CatalogCounter" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "value" INTEGER NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_FormVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "formKey" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "manifest" JSONB NOT NULL,
    "schema" JSONB NOT NULL,
    "uiSchema" JSONB NOT NULL,
    "templateName" TEXT NOT NULL,
    "template" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'baseline',
    "changeNote" TEXT,
    "createdById" TEXT,
    "createdByName" TEXT
);
INSERT INTO "new_FormVersion" ("contentHash", "createdAt", "formKey", "id", "manifest", "schema", "template", "templateName", "title", "uiSchema", "version") SELECT "contentHash", "createdAt", "formKey", "id", "manifest", "schema", "template", "templateName", "title", "uiSchema", "version" FROM "FormVersion";
DROP TABLE "FormVersion";
ALTER TABLE "new_FormVersion" RENAME TO "FormVersion";
CREATE UNIQUE INDEX "FormVersion_formKey_version_key" ON "FormVersion"("formKey", "version");
CREATE UNIQUE INDEX "FormVersion_formKey_contentHash_key" ON "FormVersion"("formKey", "contentHash");
CREATE TABLE "new_ProcessDefinition" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "xml" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "deployedById" TEXT,
    "deployedByName" TEXT,
    "deployedAt" DATETIME NOT NULL,
    "changeNote" TEXT,
    "source" TEXT NOT NULL DEFAULT 'baseline'
);
INSERT INTO "new_ProcessDefinition" ("changeNote", "deployedAt", "deployedById", "deployedByName", "id", "key", "name", "sha256", "version", "xml") SELECT "changeNote", "deployedAt", "deployedById", "deployedByName", "id", "key", "name", "sha256", "version", "xml" FROM "ProcessDefinition";
DROP TABLE "ProcessDefinition";
ALTER TABLE "new_ProcessDefinition" RENAME TO "ProcessDefinition";
CREATE INDEX "ProcessDefinition_key_sha256_idx" ON "ProcessDefinition"("key", "sha256");
CREATE UNIQUE INDEX "ProcessDefinition_key_version_key" ON "ProcessDefinition"("key", "version");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "CatalogItem_kind_key_key" ON "CatalogItem"("kind", "key");

-- CreateIndex
CREATE INDEX "CatalogVersion_kind_key_contentHash_idx" ON "CatalogVersion"("kind", "key", "contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "CatalogVersion_kind_key_version_key" ON "CatalogVersion"("kind", "key", "version");
