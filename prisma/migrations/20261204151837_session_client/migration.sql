-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "address" VARCHAR(64),
ADD COLUMN     "userAgent" VARCHAR(300);
