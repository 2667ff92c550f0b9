-- CreateTable
CREATE TABLE "ProcessDefinition" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "xml" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "deployedById" TEXT,
    "deployedByName" TEXT,
    "deployedAt" TIMESTAMP(3) NOT NULL,
    "changeNote" TEXT,

    CONSTRAINT "ProcessDefinition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessInstance" (
    "id" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "definitionKey" TEXT NOT NULL,
    "definitionVersion" INTEGER NOT NULL,
    "businessKey" TEXT,
    "departmentId" TEXT,
    "status" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "variables" TEXT NOT NULL,
    "armedTimers" TEXT NOT NULL DEFAULT '[]',
    "revision" INTEGER NOT NULL DEFAULT 0,
    "parentInstanceId" TEXT,
    "parentExecutionId" TEXT,
    "startedById" TEXT,
    "startedByName" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "ProcessInstance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "elementId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "definitionKey" TEXT NOT NULL,
    "businessKey" TEXT,
    "form" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "departmentId" TEXT,
    "assigneeId" TEXT,
    "gate" TEXT,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "dueDate" TEXT,
    "dueAt" TIMESTAMP(3),
    "completedById" TEXT,
    "completedByName" TEXT,
    "completedAt" TIMESTAMP(3),
    "payload" TEXT,
    "formVersion" TEXT,
    "outcome" TEXT,
    "comment" TEXT,
    "cancelReason" TEXT,
    "priorState" TEXT,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Timer" (
    "id" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "elementId" TEXT NOT NULL,
    "executionId" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "firedAt" TIMESTAMP(3),

    CONSTRAINT "Timer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CalendarDay" (
    "date" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "name" TEXT,
    "source" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalendarDay_pkey" PRIMARY KEY ("date")
);

-- CreateIndex
CREATE INDEX "ProcessDefinition_key_sha256_idx" ON "ProcessDefinition"("key", "sha256");

-- CreateIndex
CREATE UNIQUE INDEX "ProcessDefinition_key_version_key" ON "ProcessDefinition"("key", "version");

-- CreateIndex
CREATE INDEX "ProcessInstance_definitionKey_status_idx" ON "ProcessInstance"("definitionKey", "status");

-- CreateIndex
CREATE INDEX "ProcessInstance_businessKey_idx" ON "ProcessInstance"("businessKey");

-- CreateIndex
CREATE INDEX "ProcessInstance_parentInstanceId_idx" ON "ProcessInstance"("parentInstanceId");

-- CreateIndex
CREATE INDEX "Task_instanceId_executionId_idx" ON "Task"("instanceId", "executionId");

-- CreateIndex
CREATE INDEX "Task_status_role_departmentId_idx" ON "Task"("status", "role", "departmentId");

-- CreateIndex
CREATE INDEX "Task_assigneeId_status_idx" ON "Task"("assigneeId", "status");

-- CreateIndex
CREATE INDEX "Task_completedById_idx" ON "Task"("completedById");

-- CreateIndex
CREATE INDEX "Task_dueAt_idx" ON "Task"("dueAt");

-- CreateIndex
CREATE INDEX "Timer_status_dueAt_idx" ON "Timer"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Timer_instanceId_status_idx" ON "Timer"("instanceId", "status");

-- AddForeignKey
ALTER TABLE "ProcessInstance" ADD CONSTRAINT "ProcessInstance_definitionId_fkey" FOREIGN KEY ("definitionId") REFERENCES "ProcessDefinition"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "ProcessInstance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Timer" ADD CONSTRAINT "Timer_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "ProcessInstance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
