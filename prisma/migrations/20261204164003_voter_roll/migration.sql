-- CreateEnum
CREATE TYPE "VoterRollStatus" AS ENUM ('DRAFT', 'POSTED');

-- CreateEnum
CREATE TYPE "VoterCategory" AS ENUM ('RESIDENT', 'HUKOU_ABSENT', 'NON_HUKOU_RESIDENT', 'VILLAGE_WORK');

-- CreateEnum
CREATE TYPE "VoterChangeKind" AS ENUM ('ADD', 'REMOVE', 'CHANGE');

-- CreateEnum
CREATE TYPE "ObjectionOutcome" AS ENUM ('UPHELD', 'REJECTED');

-- CreateTable
CREATE TABLE "VoterRoll" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "status" "VoterRollStatus" NOT NULL DEFAULT 'DRAFT',
    "postedOn" DATE,
    "postedAt" TIMESTAMPTZ(3),
    "postedById" UUID,
    "startedFromId" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "VoterRoll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Voter" (
    "id" UUID NOT NULL,
    "rollId" UUID NOT NULL,
    "group" VARCHAR(50) NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "gender" "Gender" NOT NULL,
    "idNumber" VARCHAR(18) NOT NULL,
    "birthDate" DATE NOT NULL,
    "ethnicity" VARCHAR(2) NOT NULL,
    "category" "VoterCategory" NOT NULL,
    "consentMeetingOn" DATE,
    "address" VARCHAR(200),
    "phone" VARCHAR(20),
    "claim" VARCHAR(100),
    "removedAt" TIMESTAMPTZ(3),
    "removedReason" VARCHAR(200),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Voter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoterChange" (
    "id" UUID NOT NULL,
    "rollId" UUID NOT NULL,
    "voterId" UUID NOT NULL,
    "kind" "VoterChangeKind" NOT NULL,
    "reason" VARCHAR(200) NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "afterPosting" BOOLEAN NOT NULL,
    "objectionId" UUID,
    "byId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VoterChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VoterObjection" (
    "id" UUID NOT NULL,
    "rollId" UUID NOT NULL,
    "objector" VARCHAR(50) NOT NULL,
    "subject" VARCHAR(500) NOT NULL,
    "receivedOn" DATE NOT NULL,
    "decidedOn" DATE,
    "decision" VARCHAR(500),
    "outcome" "ObjectionOutcome",
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "VoterObjection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "VoterRoll_unitId_idx" ON "VoterRoll"("unitId");

-- CreateIndex
CREATE UNIQUE INDEX "VoterRoll_campaignId_unitId_key" ON "VoterRoll"("campaignId", "unitId");

-- CreateIndex
CREATE INDEX "Voter_rollId_group_name_idx" ON "Voter"("rollId", "group", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Voter_claim_idNumber_key" ON "Voter"("claim", "idNumber");

-- CreateIndex
CREATE INDEX "VoterChange_rollId_createdAt_idx" ON "VoterChange"("rollId", "createdAt");

-- CreateIndex
CREATE INDEX "VoterChange_voterId_idx" ON "VoterChange"("voterId");

-- CreateIndex
CREATE INDEX "VoterObjection_rollId_receivedOn_idx" ON "VoterObjection"("rollId", "receivedOn");

-- AddForeignKey
ALTER TABLE "VoterRoll" ADD CONSTRAINT "VoterRoll_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoterRoll" ADD CONSTRAINT "VoterRoll_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Voter" ADD CONSTRAINT "Voter_rollId_fkey" FOREIGN KEY ("rollId") REFERENCES "VoterRoll"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoterChange" ADD CONSTRAINT "VoterChange_rollId_fkey" FOREIGN KEY ("rollId") REFERENCES "VoterRoll"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoterChange" ADD CONSTRAINT "VoterChange_voterId_fkey" FOREIGN KEY ("voterId") REFERENCES "Voter"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VoterObjection" ADD CONSTRAINT "VoterObjection_rollId_fkey" FOREIGN KEY ("rollId") REFERENCES "VoterRoll"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- VoterChange is append-only: the roll's history is what the 选民名单变更公告 and the audit rely on.
CREATE FUNCTION refuse_voter_change_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'VoterChange is append-only' USING ERRCODE = 'raise_exception';
END;
$$;
CREATE TRIGGER voter_change_append_only BEFORE UPDATE OR DELETE ON "VoterChange"
  FOR EACH ROW EXECUTE FUNCTION refuse_voter_change_edit();
