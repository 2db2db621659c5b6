-- CreateEnum
CREATE TYPE "StationKind" AS ENUM ('CENTRAL', 'SUB');

-- CreateEnum
CREATE TYPE "BoxKind" AS ENUM ('FIXED', 'MOBILE');

-- CreateEnum
CREATE TYPE "StaffDuty" AS ENUM ('MONITOR', 'CALLER', 'COUNTER');

-- CreateEnum
CREATE TYPE "VotingRoundKind" AS ENUM ('FIRST', 'RUNOFF');

-- CreateEnum
CREATE TYPE "VotingRoundStatus" AS ENUM ('COUNTING', 'DECIDED');

-- CreateEnum
CREATE TYPE "BoxTallyStatus" AS ENUM ('EMPTY', 'AWAITING_SECOND', 'MISMATCH', 'ACCEPTED');

-- CreateEnum
CREATE TYPE "TallySlot" AS ENUM ('FIRST', 'SECOND', 'RESOLUTION');

-- AlterTable
ALTER TABLE "Election" ADD COLUMN     "doubleEntry" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "resultConfirmedAt" TIMESTAMPTZ(3),
ADD COLUMN     "resultConfirmedById" UUID;

-- CreateTable
CREATE TABLE "PollingStation" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "kind" "StationKind" NOT NULL,
    "place" VARCHAR(100) NOT NULL DEFAULT '',
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PollingStation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BallotBox" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "stationId" UUID NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "kind" "BoxKind" NOT NULL,
    "voters" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BallotBox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProxyVote" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "principalName" VARCHAR(50) NOT NULL,
    "principalIdNumber" VARCHAR(18) NOT NULL,
    "proxyName" VARCHAR(50) NOT NULL,
    "proxyIdNumber" VARCHAR(18) NOT NULL,
    "relation" "Relation",
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProxyVote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PollingStaff" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "idNumber" VARCHAR(18) NOT NULL,
    "duty" "StaffDuty" NOT NULL,
    "boxId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PollingStaff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VotingRound" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" "VotingRoundKind" NOT NULL,
    "ballot" JSONB NOT NULL,
    "status" "VotingRoundStatus" NOT NULL DEFAULT 'COUNTING',
    "engineInput" JSONB,
    "decision" JSONB,
    "decidedAt" TIMESTAMPTZ(3),
    "decidedById" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VotingRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BoxTally" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "roundId" UUID NOT NULL,
    "boxId" UUID NOT NULL,
    "status" "BoxTallyStatus" NOT NULL DEFAULT 'EMPTY',
    "firstEntryId" UUID,
    "secondEntryId" UUID,
    "acceptedEntryId" UUID,
    "photoAttachmentId" UUID,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BoxTally_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TallyEntry" (
    "id" UUID NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "electionId" UUID NOT NULL,
    "boxTallyId" UUID NOT NULL,
    "slot" "TallySlot" NOT NULL,
    "requestId" UUID NOT NULL,
    "values" JSONB NOT NULL,
    "enteredById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TallyEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ElectedMember" (
    "id" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "roundId" UUID NOT NULL,
    "post" "Post" NOT NULL,
    "candidateId" UUID,
    "personId" UUID,
    "name" VARCHAR(50) NOT NULL,
    "gender" "Gender" NOT NULL,
    "votes" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ElectedMember_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PollingStation_electionId_name_key" ON "PollingStation"("electionId", "name");

-- CreateIndex
CREATE INDEX "BallotBox_stationId_idx" ON "BallotBox"("stationId");

-- CreateIndex
CREATE UNIQUE INDEX "BallotBox_electionId_name_key" ON "BallotBox"("electionId", "name");

-- CreateIndex
CREATE INDEX "ProxyVote_electionId_proxyIdNumber_idx" ON "ProxyVote"("electionId", "proxyIdNumber");

-- CreateIndex
CREATE UNIQUE INDEX "ProxyVote_electionId_principalIdNumber_key" ON "ProxyVote"("electionId", "principalIdNumber");

-- CreateIndex
CREATE UNIQUE INDEX "PollingStaff_electionId_idNumber_key" ON "PollingStaff"("electionId", "idNumber");

-- CreateIndex
CREATE UNIQUE INDEX "VotingRound_electionId_number_key" ON "VotingRound"("electionId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "BoxTally_photoAttachmentId_key" ON "BoxTally"("photoAttachmentId");

-- CreateIndex
CREATE INDEX "BoxTally_electionId_idx" ON "BoxTally"("electionId");

-- CreateIndex
CREATE UNIQUE INDEX "BoxTally_roundId_boxId_key" ON "BoxTally"("roundId", "boxId");

-- CreateIndex
CREATE UNIQUE INDEX "TallyEntry_seq_key" ON "TallyEntry"("seq");

-- CreateIndex
CREATE UNIQUE INDEX "TallyEntry_requestId_key" ON "TallyEntry"("requestId");

-- CreateIndex
CREATE INDEX "TallyEntry_boxTallyId_idx" ON "TallyEntry"("boxTallyId");

-- CreateIndex
CREATE INDEX "ElectedMember_electionId_idx" ON "ElectedMember"("electionId");

-- AddForeignKey
ALTER TABLE "PollingStation" ADD CONSTRAINT "PollingStation_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BallotBox" ADD CONSTRAINT "BallotBox_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BallotBox" ADD CONSTRAINT "BallotBox_stationId_fkey" FOREIGN KEY ("stationId") REFERENCES "PollingStation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProxyVote" ADD CONSTRAINT "ProxyVote_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollingStaff" ADD CONSTRAINT "PollingStaff_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PollingStaff" ADD CONSTRAINT "PollingStaff_boxId_fkey" FOREIGN KEY ("boxId") REFERENCES "BallotBox"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VotingRound" ADD CONSTRAINT "VotingRound_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoxTally" ADD CONSTRAINT "BoxTally_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "VotingRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoxTally" ADD CONSTRAINT "BoxTally_boxId_fkey" FOREIGN KEY ("boxId") REFERENCES "BallotBox"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoxTally" ADD CONSTRAINT "BoxTally_photoAttachmentId_fkey" FOREIGN KEY ("photoAttachmentId") REFERENCES "Attachment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TallyEntry" ADD CONSTRAINT "TallyEntry_boxTallyId_fkey" FOREIGN KEY ("boxTallyId") REFERENCES "BoxTally"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ElectedMember" ADD CONSTRAINT "ElectedMember_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ElectedMember" ADD CONSTRAINT "ElectedMember_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "VotingRound"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Once the township confirms a village's result, its polling setup, rounds, tallies and members are
-- locked for every role, also against direct SQL by the application's database role. Reopening is a
-- change to the Election row itself (county administrator, written reason, audited); docs/decisions/007.
CREATE FUNCTION refuse_when_result_confirmed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE')
     AND EXISTS (SELECT 1 FROM "Election" WHERE id = OLD."electionId" AND "resultConfirmedAt" IS NOT NULL) THEN
    RAISE EXCEPTION 'result_confirmed: % belongs to an election whose result is confirmed and cannot change', TG_TABLE_NAME
      USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE')
     AND EXISTS (SELECT 1 FROM "Election" WHERE id = NEW."electionId" AND "resultConfirmedAt" IS NOT NULL) THEN
    RAISE EXCEPTION 'result_confirmed: % belongs to an election whose result is confirmed and cannot change', TG_TABLE_NAME
      USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER polling_station_locked BEFORE INSERT OR UPDATE OR DELETE ON "PollingStation"
  FOR EACH ROW EXECUTE FUNCTION refuse_when_result_confirmed();
CREATE TRIGGER ballot_box_locked BEFORE INSERT OR UPDATE OR DELETE ON "BallotBox"
  FOR EACH ROW EXECUTE FUNCTION refuse_when_result_confirmed();
CREATE TRIGGER proxy_vote_locked BEFORE INSERT OR UPDATE OR DELETE ON "ProxyVote"
  FOR EACH ROW EXECUTE FUNCTION refuse_when_result_confirmed();
CREATE TRIGGER polling_staff_locked BEFORE INSERT OR UPDATE OR DELETE ON "PollingStaff"
  FOR EACH ROW EXECUTE FUNCTION refuse_when_result_confirmed();
CREATE TRIGGER voting_round_locked BEFORE INSERT OR UPDATE OR DELETE ON "VotingRound"
  FOR EACH ROW EXECUTE FUNCTION refuse_when_result_confirmed();
CREATE TRIGGER box_tally_locked BEFORE INSERT OR UPDATE OR DELETE ON "BoxTally"
  FOR EACH ROW EXECUTE FUNCTION refuse_when_result_confirmed();
CREATE TRIGGER tally_entry_locked BEFORE INSERT OR UPDATE OR DELETE ON "TallyEntry"
  FOR EACH ROW EXECUTE FUNCTION refuse_when_result_confirmed();
CREATE TRIGGER elected_member_locked BEFORE INSERT OR UPDATE OR DELETE ON "ElectedMember"
  FOR EACH ROW EXECUTE FUNCTION refuse_when_result_confirmed();

-- Tally entries are history: a correction is a newer entry.
CREATE TRIGGER tally_entry_append_only BEFORE UPDATE OR DELETE ON "TallyEntry"
  FOR EACH ROW EXECUTE FUNCTION record_append_only();

-- While confirmed, the numbers the result rests on cannot change on the Election row either.
CREATE FUNCTION election_result_columns_locked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."resultConfirmedAt" IS NOT NULL AND NEW."resultConfirmedAt" IS NOT NULL AND (
       NEW."resultConfirmedAt" IS DISTINCT FROM OLD."resultConfirmedAt"
    OR NEW."registeredVoters" IS DISTINCT FROM OLD."registeredVoters"
    OR NEW."seatsDirector" IS DISTINCT FROM OLD."seatsDirector"
    OR NEW."seatsDeputy" IS DISTINCT FROM OLD."seatsDeputy"
    OR NEW."seatsMember" IS DISTINCT FROM OLD."seatsMember"
    OR NEW."seatsWomenMember" IS DISTINCT FROM OLD."seatsWomenMember"
    OR NEW."doubleEntry" IS DISTINCT FROM OLD."doubleEntry"
    OR NEW."method" IS DISTINCT FROM OLD."method"
    OR NEW."electionDay" IS DISTINCT FROM OLD."electionDay"
    OR NEW."listStatus" IS DISTINCT FROM OLD."listStatus") THEN
    RAISE EXCEPTION 'result_confirmed: the election''s result is confirmed; reopen it before changing it'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER election_result_locked BEFORE UPDATE ON "Election"
  FOR EACH ROW EXECUTE FUNCTION election_result_columns_locked();

CREATE TRIGGER election_delete_locked BEFORE DELETE ON "Election"
  FOR EACH ROW WHEN (OLD."resultConfirmedAt" IS NOT NULL) EXECUTE FUNCTION record_append_only();
