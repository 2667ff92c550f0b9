/*
  Warnings:

  - Added the required column `organId` to the `Department` table without a default value. This is not possible if the table is not empty.
  - Added the required column `organId` to the `User` table without a default value. This is not possible if the table is not empty.

*/
-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN "organId" TEXT;

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Department" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "parentId" TEXT,
    "path" TEXT NOT NULL,
    "organId" TEXT NOT NULL,
    "docPrefix" TEXT,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Department_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Department" ("code", "createdAt", "docPrefix", "id", "kind", "name", "parentId", "path", "sortOrder") SELECT "code", "createdAt", "docPrefix", "id", "kind", "name", "parentId", "path", "sortOrder" FROM "Department";
DROP TABLE "Department";
ALTER TABLE "new_Department" RENAME TO "Department";
CREATE UNIQUE INDEX "Department_code_key" ON "Department"("code");
CREATE UNIQUE INDEX "Department_path_key" ON "Department"("path");
CREATE INDEX "Department_parentId_idx" ON "Department"("parentId");
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "loginName" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'active',
    "departmentId" TEXT NOT NULL,
    "departmentPath" TEXT NOT NULL,
    "organId" TEXT NOT NULL,
    "certificateKind" TEXT,
    "certificateNo" TEXT,
    "certificateExpiresAt" DATETIME,
    "phone" TEXT,
    "stoppedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "User_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_User" ("certificateExpiresAt", "certificateKind", "certificateNo", "createdAt", "departmentId", "departmentPath", "displayName", "id", "loginName", "passwordHash", "phone", "status", "stoppedAt", "updatedAt") SELECT "certificateExpiresAt", "certificateKind", "certificateNo", "createdAt", "departmentId", "departmentPath", "displayName", "id", "loginName", "passwordHash", "phone", "status", "stoppedAt", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_loginName_key" ON "User"("loginName");
CREATE INDEX "User_departmentId_idx" ON "User"("departmentId");
CREATE INDEX "User_departmentPath_idx" ON "User"("departmentPath");
CREATE INDEX "User_organId_idx" ON "User"("organId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "AuditEntry_organId_at_idx" ON "AuditEntry"("organId", "at");
