-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "dueFrom" TIMESTAMP(3),
ADD COLUMN     "dueProvisional" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "CalendarYear" (
    "year" INTEGER NOT NULL,
    "noticeNumber" TEXT,
    "noticeDate" TEXT,
    "source" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalendarYear_pkey" PRIMARY KEY ("year")
);

-- CreateTable
CREATE TABLE "CalendarVersion" (
    "version" SERIAL NOT NULL,
    "year" INTEGER,
    "note" TEXT,
    "changes" TEXT NOT NULL,
    "moved" TEXT NOT NULL,
    "createdById" TEXT,
    "createdByName" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalendarVersion_pkey" PRIMARY KEY ("version")
);
