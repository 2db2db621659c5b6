-- AlterTable
ALTER TABLE "VettingEntry" ADD COLUMN     "carriedFromId" UUID;

-- AddForeignKey
ALTER TABLE "VettingEntry" ADD CONSTRAINT "VettingEntry_carriedFromId_fkey" FOREIGN KEY ("carriedFromId") REFERENCES "VettingEntry"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
