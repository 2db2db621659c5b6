-- CreateEnum
CREATE TYPE "CampaignStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "ElectionMethod" AS ENUM ('CONTESTED', 'SELF_NOMINATION');

-- CreateEnum
CREATE TYPE "DualRolePlan" AS ENUM ('PLANNED', 'DEFERRED', 'NOT_PLANNED');

-- CreateEnum
CREATE TYPE "ListStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'RETURNED');

-- CreateEnum
CREATE TYPE "Gender" AS ENUM ('MALE', 'FEMALE');

-- CreateEnum
CREATE TYPE "PoliticalStatus" AS ENUM ('CPC_MEMBER', 'CPC_PROBATIONARY', 'CYL_MEMBER', 'DEMOCRATIC_PARTY', 'MASSES');

-- CreateEnum
CREATE TYPE "Post" AS ENUM ('DIRECTOR', 'DEPUTY', 'MEMBER', 'WOMEN_MEMBER');

-- CreateEnum
CREATE TYPE "NominationForm" AS ENUM ('VOTER_JOINT', 'SELF', 'PARTY_ORG', 'TOWNSHIP');

-- CreateEnum
CREATE TYPE "Relation" AS ENUM ('SPOUSE', 'PARENT_CHILD', 'SIBLING', 'GRANDPARENT_GRANDCHILD', 'IN_LAW');

-- CreateTable
CREATE TABLE "RulePack" (
    "unitId" UUID NOT NULL,
    "overrides" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RulePack_pkey" PRIMARY KEY ("unitId")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" UUID NOT NULL,
    "countyId" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE NOT NULL,
    "rules" JSONB NOT NULL,
    "status" "CampaignStatus" NOT NULL DEFAULT 'OPEN',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Election" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "electionDay" DATE NOT NULL,
    "method" "ElectionMethod" NOT NULL,
    "seatsDirector" INTEGER NOT NULL,
    "seatsDeputy" INTEGER NOT NULL,
    "seatsMember" INTEGER NOT NULL,
    "seatsWomenMember" INTEGER NOT NULL DEFAULT 0,
    "dualRole" "DualRolePlan" NOT NULL,
    "registeredVoters" INTEGER NOT NULL,
    "listStatus" "ListStatus" NOT NULL DEFAULT 'DRAFT',
    "submittedAt" TIMESTAMPTZ(3),
    "returnedReason" VARCHAR(500),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Election_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" UUID NOT NULL,
    "countyId" UUID NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "gender" "Gender" NOT NULL,
    "ethnicity" VARCHAR(2) NOT NULL,
    "birthDate" DATE NOT NULL,
    "idNumber" VARCHAR(18) NOT NULL,
    "education" VARCHAR(2) NOT NULL,
    "political" "PoliticalStatus" NOT NULL,
    "phone" VARCHAR(20),
    "currentPosts" TEXT[],
    "tags" TEXT[],
    "dissatisfactionRate" DECIMAL(5,4),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Candidate" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "post" "Post" NOT NULL,
    "nominationForm" "NominationForm" NOT NULL,
    "nominatorCount" INTEGER,
    "nominationVotes" INTEGER,
    "pledgeCampaign" BOOLEAN NOT NULL DEFAULT false,
    "pledgeWork" BOOLEAN NOT NULL DEFAULT false,
    "pledgeResign" BOOLEAN NOT NULL DEFAULT false,
    "pledgeDiscipline" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Candidate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Kinship" (
    "id" UUID NOT NULL,
    "personAId" UUID NOT NULL,
    "personBId" UUID NOT NULL,
    "relation" "Relation" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Kinship_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Campaign_countyId_name_key" ON "Campaign"("countyId", "name");

-- CreateIndex
CREATE INDEX "Election_unitId_idx" ON "Election"("unitId");

-- CreateIndex
CREATE UNIQUE INDEX "Election_campaignId_unitId_key" ON "Election"("campaignId", "unitId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_countyId_idNumber_key" ON "Person"("countyId", "idNumber");

-- CreateIndex
CREATE INDEX "Candidate_electionId_idx" ON "Candidate"("electionId");

-- CreateIndex
CREATE INDEX "Candidate_personId_idx" ON "Candidate"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Kinship_personAId_personBId_key" ON "Kinship"("personAId", "personBId");

-- AddForeignKey
ALTER TABLE "RulePack" ADD CONSTRAINT "RulePack_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_countyId_fkey" FOREIGN KEY ("countyId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Election" ADD CONSTRAINT "Election_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Election" ADD CONSTRAINT "Election_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_countyId_fkey" FOREIGN KEY ("countyId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Candidate" ADD CONSTRAINT "Candidate_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Candidate" ADD CONSTRAINT "Candidate_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Kinship" ADD CONSTRAINT "Kinship_personAId_fkey" FOREIGN KEY ("personAId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Kinship" ADD CONSTRAINT "Kinship_personBId_fkey" FOREIGN KEY ("personBId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
