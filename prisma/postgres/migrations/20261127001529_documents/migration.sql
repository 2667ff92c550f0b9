-- CreateTable
CREATE TABLE "FormVersion" (
    "id" TEXT NOT NULL,
    "formKey" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "contentHash" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "manifest" JSONB NOT NULL,
    "schema" JSONB NOT NULL,
    "uiSchema" JSONB NOT NULL,
    "templateName" TEXT NOT NULL,
    "template" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FormVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DocumentSequence" (
    "departmentId" TEXT NOT NULL,
    "sequenceKey" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "DocumentSequence_pkey" PRIMARY KEY ("departmentId","sequenceKey","year")
);

-- CreateTable
CREATE TABLE "Document" (
    "id" TEXT NOT NULL,
    "formKey" TEXT NOT NULL,
    "formVersionId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "departmentPath" TEXT NOT NULL,
    "sequenceKey" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "number" TEXT NOT NULL,
    "verificationCode" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "instanceId" TEXT,
    "taskId" TEXT,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "issuedById" TEXT NOT NULL,
    "issuedByName" TEXT NOT NULL,
    "docx" BYTEA NOT NULL,
    "docxSm3" TEXT NOT NULL,
    "pdf" BYTEA,
    "pdfSm3" TEXT,

    CONSTRAINT "Document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FormDraft" (
    "id" TEXT NOT NULL,
    "ownerId" TEXT NOT NULL,
    "formKey" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "taskId" TEXT,
    "data" JSONB NOT NULL,
    "formVersion" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FormDraft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FormVersion_formKey_version_key" ON "FormVersion"("formKey", "version");

-- CreateIndex
CREATE UNIQUE INDEX "FormVersion_formKey_contentHash_key" ON "FormVersion"("formKey", "contentHash");

-- CreateIndex
CREATE UNIQUE INDEX "Document_number_key" ON "Document"("number");

-- CreateIndex
CREATE UNIQUE INDEX "Document_verificationCode_key" ON "Document"("verificationCode");

-- CreateIndex
CREATE INDEX "Document_subjectType_subjectId_idx" ON "Document"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "Document_departmentPath_idx" ON "Document"("departmentPath");

-- CreateIndex
CREATE INDEX "Document_formKey_idx" ON "Document"("formKey");

-- CreateIndex
CREATE UNIQUE INDEX "Document_departmentId_sequenceKey_year_seq_key" ON "Document"("departmentId", "sequenceKey", "year", "seq");

-- CreateIndex
CREATE INDEX "FormDraft_ownerId_idx" ON "FormDraft"("ownerId");

-- CreateIndex
CREATE UNIQUE INDEX "FormDraft_ownerId_scope_key" ON "FormDraft"("ownerId", "scope");

-- AddForeignKey
ALTER TABLE "Document" ADD CONSTRAINT "Document_formVersionId_fkey" FOREIGN KEY ("formVersionId") REFERENCES "FormVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
