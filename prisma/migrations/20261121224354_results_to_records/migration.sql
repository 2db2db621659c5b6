-- CreateEnum
CREATE TYPE "SealPosition" AS ENUM ('LEFT', 'CENTER', 'RIGHT');

-- AlterTable
ALTER TABLE "Election" ADD COLUMN     "certifiedAt" TIMESTAMPTZ(3),
ADD COLUMN     "certifiedById" UUID,
ADD COLUMN     "sealAuditHash" VARCHAR(64),
ADD COLUMN     "sealAuditId" BIGINT,
ADD COLUMN     "sealedAt" TIMESTAMPTZ(3),
ADD COLUMN     "sealedById" UUID;

-- CreateTable
CREATE TABLE "CertificateLayout" (
    "countyId" UUID NOT NULL,
    "title" VARCHAR(50) NOT NULL,
    "body" VARCHAR(1000) NOT NULL,
    "authority" VARCHAR(100) NOT NULL,
    "sealPosition" "SealPosition" NOT NULL DEFAULT 'RIGHT',
    "paper" VARCHAR(20) NOT NULL DEFAULT 'A4',
    "secondLanguage" VARCHAR(8),
    "secondTitle" VARCHAR(200),
    "secondBody" VARCHAR(2000),
    "secondAuthority" VARCHAR(300),
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CertificateLayout_pkey" PRIMARY KEY ("countyId")
);

-- CreateTable
CREATE TABLE "Certificate" (
    "id" UUID NOT NULL,
    "countyId" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "electionId" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "number" VARCHAR(40) NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "post" "Post" NOT NULL,
    "gender" "Gender" NOT NULL,
    "nameSecond" VARCHAR(100),
    "issuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "issuedById" UUID NOT NULL,
    "revokedAt" TIMESTAMPTZ(3),
    "revokedReason" VARCHAR(1000),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Certificate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_campaignId_number_key" ON "Certificate"("campaignId", "number");

-- CreateIndex
CREATE INDEX "Certificate_electionId_idx" ON "Certificate"("electionId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_campaignId_seq_key" ON "Certificate"("campaignId", "seq");

-- AddForeignKey
ALTER TABLE "CertificateLayout" ADD CONSTRAINT "CertificateLayout_countyId_fkey" FOREIGN KEY ("countyId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Archived (sealed) elections never change again: not the Election row (so sealing cannot be undone
-- by the application's role), not its candidates, vetting entries or certificates. Polling, rounds,
-- tallies and members are already locked by the confirmed result, which a sealed row keeps.
-- docs/decisions/008.
CREATE FUNCTION election_sealed_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD."sealedAt" IS NOT NULL THEN
    RAISE EXCEPTION 'election_sealed: the election is archived and cannot change (% refused)', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER election_sealed BEFORE UPDATE OR DELETE ON "Election"
  FOR EACH ROW EXECUTE FUNCTION election_sealed_row();

CREATE FUNCTION refuse_when_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE')
     AND EXISTS (SELECT 1 FROM "Election" WHERE id = OLD."electionId" AND "sealedAt" IS NOT NULL) THEN
    RAISE EXCEPTION 'election_sealed: % belongs to an archived election and cannot change', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE')
     AND EXISTS (SELECT 1 FROM "Election" WHERE id = NEW."electionId" AND "sealedAt" IS NOT NULL) THEN
    RAISE EXCEPTION 'election_sealed: % belongs to an archived election and cannot change', TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER candidate_sealed BEFORE INSERT OR UPDATE OR DELETE ON "Candidate"
  FOR EACH ROW EXECUTE FUNCTION refuse_when_sealed();
CREATE TRIGGER certificate_sealed BEFORE INSERT OR UPDATE OR DELETE ON "Certificate"
  FOR EACH ROW EXECUTE FUNCTION refuse_when_sealed();

CREATE FUNCTION vetting_entry_sealed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE cand uuid;
BEGIN
  IF TG_OP = 'DELETE' THEN cand := OLD."candidateId"; ELSE cand := NEW."candidateId"; END IF;
  IF EXISTS (SELECT 1 FROM "Candidate" c JOIN "Election" e ON e.id = c."electionId"
             WHERE c.id = cand AND e."sealedAt" IS NOT NULL) THEN
    RAISE EXCEPTION 'election_sealed: the vetting of an archived election cannot change'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER vetting_entry_sealed BEFORE INSERT OR UPDATE OR DELETE ON "VettingEntry"
  FOR EACH ROW EXECUTE FUNCTION vetting_entry_sealed();

-- Certificates are records: never deleted (a number once issued stays used), and only the second-
-- script name and the revocation may change.
CREATE FUNCTION certificate_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'Certificate is a record: DELETE refused (revoke it instead)' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW."seq" IS DISTINCT FROM OLD."seq" OR NEW."number" IS DISTINCT FROM OLD."number"
     OR NEW."name" IS DISTINCT FROM OLD."name" OR NEW."post" IS DISTINCT FROM OLD."post"
     OR NEW."gender" IS DISTINCT FROM OLD."gender" OR NEW."electionId" IS DISTINCT FROM OLD."electionId"
     OR NEW."campaignId" IS DISTINCT FROM OLD."campaignId" OR NEW."countyId" IS DISTINCT FROM OLD."countyId"
     OR NEW."issuedAt" IS DISTINCT FROM OLD."issuedAt" OR NEW."issuedById" IS DISTINCT FROM OLD."issuedById"
     OR (OLD."revokedAt" IS NOT NULL AND NEW."revokedAt" IS DISTINCT FROM OLD."revokedAt") THEN
    RAISE EXCEPTION 'Certificate is a record: only the second-script name and a revocation may change'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;

CREATE TRIGGER certificate_record BEFORE UPDATE OR DELETE ON "Certificate"
  FOR EACH ROW EXECUTE FUNCTION certificate_record();
