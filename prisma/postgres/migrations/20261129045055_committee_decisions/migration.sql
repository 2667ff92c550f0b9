-- CreateTable
CREATE TABLE "CommitteeSetting" (
    "departmentId" TEXT NOT NULL,
    "quorumNumerator" INTEGER NOT NULL DEFAULT 1,
    "quorumDenominator" INTEGER NOT NULL DEFAULT 2,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CommitteeSetting_pkey" PRIMARY KEY ("departmentId")
);

-- CreateTable
CREATE TABLE "CommitteeMinutes" (
    "id" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "payload" TEXT NOT NULL,
    "chairId" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "recordedByName" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CommitteeMinutes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommitteeConfirmation" (
    "id" TEXT NOT NULL,
    "minutesId" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "userId" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "confirmedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CommitteeConfirmation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CommitteeMinutes_taskId_key" ON "CommitteeMinutes"("taskId");

-- CreateIndex
CREATE UNIQUE INDEX "CommitteeConfirmation_minutesId_revision_userId_key" ON "CommitteeConfirmation"("minutesId", "revision", "userId");

-- AddForeignKey
ALTER TABLE "CommitteeConfirmation" ADD CONSTRAINT "CommitteeConfirmation_minutesId_fkey" FOREIGN KEY ("minutesId") REFERENCES "CommitteeMinutes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
