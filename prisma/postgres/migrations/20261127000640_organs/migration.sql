/*
  Warnings:

  - Added the required column `organId` to the `Department` table without a default value. This is not possible if the table is not empty.
  - Added the required column `organId` to the `User` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "organId" TEXT;

-- AlterTable
ALTER TABLE "Department" ADD COLUMN     "organId" TEXT NOT NULL;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "organId" TEXT NOT NULL;

-- CreateIndex
CREATE INDEX "AuditEntry_organId_at_idx" ON "AuditEntry"("organId", "at");

-- CreateIndex
CREATE INDEX "User_organId_idx" ON "User"("organId");
