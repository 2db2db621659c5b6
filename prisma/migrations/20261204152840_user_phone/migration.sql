-- AlterTable
ALTER TABLE "User" ADD COLUMN     "phone" VARCHAR(20);
