-- CreateTable
CREATE TABLE "DepartmentActivation" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,
    "updatedByName" TEXT,

    CONSTRAINT "DepartmentActivation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DepartmentActivation_departmentId_idx" ON "DepartmentActivation"("departmentId");

-- CreateIndex
CREATE UNIQUE INDEX "DepartmentActivation_kind_key_departmentId_key" ON "DepartmentActivation"("kind", "key", "departmentId");

-- AddForeignKey
ALTER TABLE "DepartmentActivation" ADD CONSTRAINT "DepartmentActivation_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
