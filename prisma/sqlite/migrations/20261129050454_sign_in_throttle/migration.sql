/*
  Warnings:

  - You are about to drop the `LoginThrottle` table. If the table is not empty, all the data it contains will be lost.

*/
-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "LoginThrottle";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "loginName" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "lockedUntil" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "SignInThrottle_loginName_idx" ON "SignInThrottle"("loginName");
