-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "deletedAt" TIMESTAMP(3),
ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 1;

-- CreateTable
CREATE TABLE "Matter" (
    "id" TEXT NOT NULL,
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
    "createdAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Matter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MatterOfficer" (
    "matterId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "position" TEXT NOT NULL DEFAULT 'member',

    CONSTRAINT "MatterOfficer_pkey" PRIMARY KEY ("matterId","userId")
);

-- CreateTable
CREATE TABLE "MatterGate" (
    "id" TEXT NOT NULL,
    "matterId" TEXT NOT NULL,
    "gate" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "taskId" TEXT,
    "decidedById" TEXT NOT NULL,
    "decidedByName" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,
    "comment" TEXT,

    CONSTRAINT "MatterGate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "dedupeKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentRevision" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "docx" BYTEA NOT NULL,
    "pdf" BYTEA,
    "pdfSm3" TEXT,
    "requestId" TEXT NOT NULL,
    "appliedById" TEXT NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DocumentRevision_pkey" PRIMARY KEY ("id")
);

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

-- AddForeignKey
ALTER TABLE "Matter" ADD CONSTRAINT "Matter_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "RegulatedEntity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Matter" ADD CONSTRAINT "Matter_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Matter"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatterOfficer" ADD CONSTRAINT "MatterOfficer_matterId_fkey" FOREIGN KEY ("matterId") REFERENCES "Matter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MatterGate" ADD CONSTRAINT "MatterGate_matterId_fkey" FOREIGN KEY ("matterId") REFERENCES "Matter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
