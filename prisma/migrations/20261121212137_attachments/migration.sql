-- AlterTable
ALTER TABLE "VettingOpinion" ADD COLUMN     "attachmentId" UUID;

-- CreateTable
CREATE TABLE "Attachment" (
    "id" UUID NOT NULL,
    "countyId" UUID NOT NULL,
    "fileName" VARCHAR(120) NOT NULL,
    "mediaType" VARCHAR(40) NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "bytes" BYTEA NOT NULL,
    "uploadedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Attachment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Attachment_countyId_idx" ON "Attachment"("countyId");

-- CreateIndex
CREATE UNIQUE INDEX "VettingOpinion_attachmentId_key" ON "VettingOpinion"("attachmentId");

-- AddForeignKey
ALTER TABLE "VettingOpinion" ADD CONSTRAINT "VettingOpinion_attachmentId_fkey" FOREIGN KEY ("attachmentId") REFERENCES "Attachment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attachment" ADD CONSTRAINT "Attachment_countyId_fkey" FOREIGN KEY ("countyId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Department opinions and evidence files are never changed or removed by the application: a change
-- is a newer opinion (docs/decisions/006).
CREATE FUNCTION record_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER vetting_opinion_append_only BEFORE UPDATE OR DELETE ON "VettingOpinion"
  FOR EACH ROW EXECUTE FUNCTION record_append_only();

CREATE TRIGGER attachment_append_only BEFORE UPDATE OR DELETE ON "Attachment"
  FOR EACH ROW EXECUTE FUNCTION record_append_only();
