-- AlterTable
ALTER TABLE "Document" ADD COLUMN     "dataSm3" TEXT,
ADD COLUMN     "renderAfter" TIMESTAMP(3),
ADD COLUMN     "renderAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "renderError" TEXT,
ADD COLUMN     "renderStatus" TEXT NOT NULL DEFAULT 'rendered',
ADD COLUMN     "renderedAt" TIMESTAMP(3),
ALTER COLUMN "docx" DROP NOT NULL,
ALTER COLUMN "docxSm3" DROP NOT NULL;

-- AlterTable
ALTER TABLE "DocumentRevision" ALTER COLUMN "docx" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Document_renderStatus_renderAfter_idx" ON "Document"("renderStatus", "renderAfter");
