-- CreateEnum
CREATE TYPE "ComplaintChannel" AS ENUM ('LETTER', 'VISIT', 'PHONE', 'ONLINE', 'BOX');

-- CreateEnum
CREATE TYPE "ComplaintCategory" AS ENUM ('VOTE_BUYING', 'CLAN', 'ELIGIBILITY', 'PROCEDURE', 'OTHER');

-- CreateEnum
CREATE TYPE "ComplaintStatus" AS ENUM ('RECEIVED', 'ASSIGNED', 'ANSWERED', 'CLOSED');

-- CreateEnum
CREATE TYPE "ComplaintFinding" AS ENUM ('SUBSTANTIATED', 'PARTLY_SUBSTANTIATED', 'UNSUBSTANTIATED');

-- CreateTable
CREATE TABLE "Complaint" (
    "id" UUID NOT NULL,
    "countyId" UUID NOT NULL,
    "campaignId" UUID,
    "year" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "number" VARCHAR(20) NOT NULL,
    "channel" "ComplaintChannel" NOT NULL,
    "receivedOn" DATE NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "complainantName" VARCHAR(50),
    "complainantContact" VARCHAR(100),
    "category" "ComplaintCategory" NOT NULL,
    "summary" VARCHAR(2000) NOT NULL,
    "villageId" UUID NOT NULL,
    "candidateId" UUID,
    "status" "ComplaintStatus" NOT NULL DEFAULT 'RECEIVED',
    "receivedById" UUID NOT NULL,
    "departmentId" UUID,
    "deadline" DATE,
    "assignedAt" TIMESTAMPTZ(3),
    "assignedById" UUID,
    "answer" VARCHAR(2000),
    "answeredAt" TIMESTAMPTZ(3),
    "answeredById" UUID,
    "finding" "ComplaintFinding",
    "actionTaken" VARCHAR(2000),
    "closedAt" TIMESTAMPTZ(3),
    "closedById" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Complaint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Complaint_villageId_idx" ON "Complaint"("villageId");

-- CreateIndex
CREATE INDEX "Complaint_departmentId_status_idx" ON "Complaint"("departmentId", "status");

-- CreateIndex
CREATE INDEX "Complaint_candidateId_idx" ON "Complaint"("candidateId");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_countyId_year_seq_key" ON "Complaint"("countyId", "year", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_countyId_number_key" ON "Complaint"("countyId", "number");

-- AddForeignKey
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_countyId_fkey" FOREIGN KEY ("countyId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_villageId_fkey" FOREIGN KEY ("villageId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "Candidate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Complaint" ADD CONSTRAINT "Complaint_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
