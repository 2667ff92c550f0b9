-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "madeById" TEXT,
ADD COLUMN     "madeByName" TEXT,
ADD COLUMN     "matterId" TEXT;

-- AlterTable
ALTER TABLE "Matter" ADD COLUMN     "targetDocumentId" TEXT;

-- CreateTable
CREATE TABLE "RoleGrantRequest" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "organId" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "requestedByName" TEXT NOT NULL,
    "requestedAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decidedById" TEXT,
    "decidedByName" TEXT,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "RoleGrantRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RoleGrantRequest_organId_status_idx" ON "RoleGrantRequest"("organId", "status");

-- CreateIndex
CREATE INDEX "RoleGrantRequest_userId_idx" ON "RoleGrantRequest"("userId");

-- CreateIndex
CREATE INDEX "Document_madeById_idx" ON "Document"("madeById");

-- CreateIndex
CREATE INDEX "Document_matterId_idx" ON "Document"("matterId");

-- CreateIndex
CREATE INDEX "Matter_targetDocumentId_idx" ON "Matter"("targetDocumentId");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_matterId_fkey" FOREIGN KEY ("matterId") REFERENCES "Matter"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Matter" ADD CONSTRAINT "Matter_targetDocumentId_fkey" FOREIGN KEY ("targetDocumentId") REFERENCES "Document"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill (issue 9): the maker of documents issued so far is the issuer
-- (the drafter of approval-issued ones is unknown), documents of a matter
-- name it, requests name their target by id.
UPDATE "Document" SET "madeById" = "issuedById", "madeByName" = "issuedByName" WHERE "madeById" IS NULL;
UPDATE "Document" SET "matterId" = "subjectId" WHERE "subjectType" = 'matter' AND "subjectId" IN (SELECT "id" FROM "Matter");
UPDATE "Matter" SET "targetDocumentId" = "data"->>'targetDocumentId'
  WHERE "data"->>'targetDocumentId' IN (SELECT "id" FROM "Document");
