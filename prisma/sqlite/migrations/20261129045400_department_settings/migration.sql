-- CreateTable
CREATE TABLE "DepartmentSetting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "departmentId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "DepartmentSetting_departmentId_key_key" ON "DepartmentSetting"("departmentId", "key");
