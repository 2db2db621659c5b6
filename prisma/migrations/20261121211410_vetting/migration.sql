-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('BAR', 'CONCERN');

-- CreateEnum
CREATE TYPE "OpinionKind" AS ENUM ('NO_OBJECTION', 'BAR', 'CONCERN', 'VERIFY', 'NOT_APPLICABLE');

-- CreateEnum
CREATE TYPE "RoundStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "VettingDecision" AS ENUM ('APPROVED', 'REJECTED');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ListStatus" ADD VALUE 'IN_VETTING';
ALTER TYPE "ListStatus" ADD VALUE 'FORMAL';

-- AlterTable
ALTER TABLE "Candidate" ADD COLUMN     "formalRank" INTEGER,
ADD COLUMN     "replacement" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Election" ADD COLUMN     "formalPublishedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "NegativeCondition" (
    "id" UUID NOT NULL,
    "countyId" UUID NOT NULL,
    "code" VARCHAR(20) NOT NULL,
    "text" VARCHAR(500) NOT NULL,
    "severity" "Severity" NOT NULL,
    "lookbackYears" INTEGER,
    "departmentId" UUID,
    "basis" VARCHAR(300) NOT NULL,
    "retired" BOOLEAN NOT NULL DEFAULT false,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "NegativeCondition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VettingRound" (
    "id" UUID NOT NULL,
    "countyId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "deadline" DATE NOT NULL,
    "departmentIds" UUID[],
    "status" "RoundStatus" NOT NULL DEFAULT 'OPEN',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "VettingRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VettingEntry" (
    "id" UUID NOT NULL,
    "roundId" UUID NOT NULL,
    "candidateId" UUID NOT NULL,
    "decision" "VettingDecision",
    "rationale" VARCHAR(1000),
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "VettingEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VettingOpinion" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "entryId" UUID NOT NULL,
    "departmentId" UUID NOT NULL,
    "reviewerId" UUID NOT NULL,
    "kind" "OpinionKind" NOT NULL,
    "conditionCodes" TEXT[],
    "finding" VARCHAR(2000) NOT NULL DEFAULT '',
    "evidenceRef" VARCHAR(200),
    "dueDate" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VettingOpinion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "NegativeCondition_countyId_code_key" ON "NegativeCondition"("countyId", "code");

-- CreateIndex
CREATE INDEX "VettingRound_countyId_idx" ON "VettingRound"("countyId");

-- CreateIndex
CREATE INDEX "VettingEntry_candidateId_idx" ON "VettingEntry"("candidateId");

-- CreateIndex
CREATE UNIQUE INDEX "VettingEntry_roundId_candidateId_key" ON "VettingEntry"("roundId", "candidateId");

-- CreateIndex
CREATE UNIQUE INDEX "VettingOpinion_seq_key" ON "VettingOpinion"("seq");

-- CreateIndex
CREATE INDEX "VettingOpinion_entryId_departmentId_createdAt_idx" ON "VettingOpinion"("entryId", "departmentId", "createdAt");

-- AddForeignKey
ALTER TABLE "NegativeCondition" ADD CONSTRAINT "NegativeCondition_countyId_fkey" FOREIGN KEY ("countyId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NegativeCondition" ADD CONSTRAINT "NegativeCondition_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VettingRound" ADD CONSTRAINT "VettingRound_countyId_fkey" FOREIGN KEY ("countyId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VettingRound" ADD CONSTRAINT "VettingRound_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VettingEntry" ADD CONSTRAINT "VettingEntry_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "VettingRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VettingEntry" ADD CONSTRAINT "VettingEntry_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "Candidate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VettingOpinion" ADD CONSTRAINT "VettingOpinion_entryId_fkey" FOREIGN KEY ("entryId") REFERENCES "VettingEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VettingOpinion" ADD CONSTRAINT "VettingOpinion_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VettingOpinion" ADD CONSTRAINT "VettingOpinion_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
