-- AlterTable
ALTER TABLE "Document" ADD COLUMN "verifyBaseUrl" TEXT;
