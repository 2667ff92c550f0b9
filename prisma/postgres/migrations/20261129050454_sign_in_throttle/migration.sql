/*
  Warnings:

  - You are about to drop the `LoginThrottle` table. If the table is not empty, all the data it contains will be lost.

*/
-- DropTable
DROP TABLE "LoginThrottle";

-- CreateTable
CREATE TABLE "SignInThrottle" (
    "key" TEXT NOT NULL,
    "loginName" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "lockedUntil" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SignInThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "SignInThrottle_loginName_idx" ON "SignInThrottle"("loginName");
