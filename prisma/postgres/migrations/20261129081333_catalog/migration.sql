-- AlterTable
ALTER TABLE "FormVersion" ADD COLUMN     "changeNote" TEXT,
ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "createdByName" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'baseline';

-- AlterTable
ALTER TABLE "ProcessDefinition" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'baseline';

-- CreateTable
CREATE TABLE "CatalogItem" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "activeVersion" INTEGER NOT NULL,
    "baselineVersion" INTEGER,
    "availableVersion" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,
    "updatedByName" TEXT,

    CONSTRAINT "CatalogItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogVersion" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "changeNote" TEXT,
    "source" TEXT NOT NULL,
    "createdById" TEXT,
    "createdByName" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CatalogVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CatalogCounter" (
    "id" INTEGER NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "CatalogCounter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CatalogItem_kind_key_key" ON "CatalogItem"("kind", "key");

-- CreateIndex
CREATE INDEX "CatalogVersion_kind_key_contentHash_idx" ON "CatalogVersion"("kind", "key", "contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "CatalogVersion_kind_key_version_key" ON "CatalogVersion"("kind", "key", "version");
