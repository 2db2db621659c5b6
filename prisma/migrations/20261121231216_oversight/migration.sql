-- CreateEnum
CREATE TYPE "RiskLevel" AS ENUM ('GREEN', 'YELLOW', 'RED');

-- CreateTable
CREATE TABLE "PastTerm" (
    "id" UUID NOT NULL,
    "countyId" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "importedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importedById" UUID,

    CONSTRAINT "PastTerm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PastTermMember" (
    "id" UUID NOT NULL,
    "termId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "name" VARCHAR(50) NOT NULL,
    "gender" "Gender" NOT NULL,
    "ethnicity" VARCHAR(2) NOT NULL,
    "birthDate" DATE NOT NULL,
    "education" VARCHAR(2) NOT NULL,
    "political" "PoliticalStatus" NOT NULL,
    "post" "Post" NOT NULL,
    "dualRole" BOOLEAN NOT NULL DEFAULT false,
    "electionDate" DATE NOT NULL,

    CONSTRAINT "PastTermMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VillageRisk" (
    "id" UUID NOT NULL,
    "campaignId" UUID NOT NULL,
    "unitId" UUID NOT NULL,
    "level" "RiskLevel" NOT NULL,
    "score" INTEGER,
    "note" VARCHAR(1000) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "updatedById" UUID NOT NULL,

    CONSTRAINT "VillageRisk_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PastTerm_countyId_name_key" ON "PastTerm"("countyId", "name");

-- CreateIndex
CREATE INDEX "PastTermMember_termId_unitId_idx" ON "PastTermMember"("termId", "unitId");

-- CreateIndex
CREATE INDEX "PastTermMember_unitId_idx" ON "PastTermMember"("unitId");

-- CreateIndex
CREATE UNIQUE INDEX "VillageRisk_campaignId_unitId_key" ON "VillageRisk"("campaignId", "unitId");

-- AddForeignKey
ALTER TABLE "PastTerm" ADD CONSTRAINT "PastTerm_countyId_fkey" FOREIGN KEY ("countyId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PastTermMember" ADD CONSTRAINT "PastTermMember_termId_fkey" FOREIGN KEY ("termId") REFERENCES "PastTerm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PastTermMember" ADD CONSTRAINT "PastTermMember_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VillageRisk" ADD CONSTRAINT "VillageRisk_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "VillageRisk" ADD CONSTRAINT "VillageRisk_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
