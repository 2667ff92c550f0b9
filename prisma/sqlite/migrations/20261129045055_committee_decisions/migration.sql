-- CreateTable
CREATE TABLE "CommitteeSetting" (
    "departmentId" TEXT NOT NULL PRIMARY KEY,
    "quorumNumerator" INTEGER NOT NULL DEFAULT 1,
    "quorumDenominator" INTEGER NOT NULL DEFAULT 2,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CommitteeMinutes" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "taskId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "chairId" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "recordedByName" TEXT NOT NULL,
    "recordedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CommitteeConfirmation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "minutesId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "confirmedAt" DATETIME NOT NULL,
    CONSTRAINT "CommitteeConfirmation_minutesId_fkey" FOREIGN KEY ("minutesId") REFERENCES "CommitteeMinutes" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "CommitteeMinutes_taskId_key" ON "CommitteeMinutes"("taskId");

-- CreateIndex
CREATE UNIQUE INDEX "CommitteeConfirmation_minutesId_revision_userId_key" ON "CommitteeConfirmation"("minutesId", "revision", "userId");
