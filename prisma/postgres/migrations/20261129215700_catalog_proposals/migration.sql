-- CreateTable
CREATE TABLE "CatalogProposal" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "baseVersion" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "changeNote" TEXT NOT NULL,
    "ownerOrganId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "proposedById" TEXT NOT NULL,
    "proposedByName" TEXT NOT NULL,
    "proposerDepartmentId" TEXT NOT NULL,
    "proposerOrganId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "decidedById" TEXT,
    "decidedByName" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "acceptedVersion" INTEGER,

    CONSTRAINT "CatalogProposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CatalogProposal_kind_key_status_idx" ON "CatalogProposal"("kind", "key", "status");

-- CreateIndex
CREATE INDEX "CatalogProposal_proposedById_idx" ON "CatalogProposal"("proposedById");
