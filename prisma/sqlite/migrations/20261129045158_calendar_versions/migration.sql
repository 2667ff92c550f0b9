-- CreateTable
CREATE TABLE "CalendarYear" (
    "year" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "noticeNumber" TEXT,
    "noticeDate" TEXT,
    "source" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CalendarVersion" (
    "version" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "year" INTEGER,
    "note" TEXT,
    "changes" TEXT NOT NULL,
    "moved" TEXT NOT NULL,
    "createdById" TEXT,
    "createdByName" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Task" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL,
    "dueDate" TEXT,
    "dueAt" DATETIME,
    "dueProvisional" BOOLEAN NOT NULL DEFAULT false,
    "dueFrom" DATETIME,
    "completedById" TEXT,
    "completedByName" TEXT,
    "completedAt" DATETIME,
    "payload" TEXT,
    "formVersion" TEXT,
    "outcome" TEXT,
    "comment" TEXT,
    "cancelReason" TEXT,
    "priorState" TEXT,
    CONSTRAINT "Task_instanceId_fkey" FOREIGN KEY ("instanceId") REFERENCES "ProcessInstance" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Task" ("assigneeId", "businessKey", "cancelReason", "comment", "completedAt", "completedById", "completedByName", "createdAt", "definitionKey", "departmentId", "dueAt", "dueDate", "elementId", "executionId", "form", "formVersion", "gate", "id", "instanceId", "name", "outcome", "payload", "priorState", "role", "scope", "status") SELECT "assigneeId", "businessKey", "cancelReason", "comment", "completedAt", "completedById", "completedByName", "createdAt", "definitionKey", "departmentId", "dueAt", "dueDate", "elementId", "executionId", "form", "formVersion", "gate", "id", "instanceId", "name", "outcome", "payload", "priorState", "role", "scope", "status" FROM "Task";
DROP TABLE "Task";
ALTER TABLE "new_Task" RENAME TO "Task";
CREATE INDEX "Task_instanceId_executionId_idx" ON "Task"("instanceId", "executionId");
CREATE INDEX "Task_status_role_departmentId_idx" ON "Task"("status", "role", "departmentId");
CREATE INDEX "Task_assigneeId_status_idx" ON "Task"("assigneeId", "status");
CREATE INDEX "Task_completedById_idx" ON "Task"("completedById");
CREATE INDEX "Task_dueAt_idx" ON "Task"("dueAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
