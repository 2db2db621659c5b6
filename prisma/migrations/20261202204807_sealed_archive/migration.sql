-- CreateTable
CREATE TABLE "SealedArchive" (
    "electionId" UUID NOT NULL,
    "files" BYTEA NOT NULL,
    "photos" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SealedArchive_pkey" PRIMARY KEY ("electionId")
);

-- AddForeignKey
ALTER TABLE "SealedArchive" ADD CONSTRAINT "SealedArchive_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The sealed package never changes: written once in the sealing transaction (docs/decisions/009, addendum).
CREATE TRIGGER sealed_archive_append_only BEFORE UPDATE OR DELETE ON "SealedArchive"
  FOR EACH ROW EXECUTE FUNCTION record_append_only();
