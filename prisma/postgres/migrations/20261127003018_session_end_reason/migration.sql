-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "endedReason" TEXT;
