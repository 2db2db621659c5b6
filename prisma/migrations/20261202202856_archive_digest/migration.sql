-- AlterTable
ALTER TABLE "Election" ADD COLUMN     "archiveDigest" VARCHAR(80);
