// npm run seed:scale -- --villages N [--communities M] [--county-code CODE] [--seed S] [--batch] [--concurrency K] [--progress P]
//
// Creates a data set of real size in the configured database (embedded PGlite in PGLITE_DATA_DIR by
// default, DATABASE_URL for a server; pending migrations are applied first): one county for up to 400
// villages (白玉: --villages 130 --communities 3), otherwise a province-like set of counties of about
// 130 units each (宁夏: --villages 2207 --communities 642, 22 counties, about 2.72 million registered
// voters). Refuses to run when a county code it would create exists already. Generation is seeded
// per village (--seed, default 1): the same arguments give the same data.
//
// What goes through the app's actions (executeAction) and what is written directly is listed at the
// top of lib/server/seed/scale.ts. In short:
// - actions, per village: election.save, (the township's) candidates.import of an .xlsx workbook,
//   list.submit, the county's joint vetting (vetting.openRound, vetting.recordOpinion for the few 不能
//   findings, vetting.bulkNoObjection per department, vetting.approveEligible, vetting.decide,
//   vetting.complete), polling.station.save / polling.box.save / polling.staff.add, round.open,
//   tally.save ×2 per box (two clerks), round.decide, a runoff where one is needed, result.confirm,
//   result.certify per township, and term.import of the previous term (往届数据 template) per county;
// - always direct: the unit tree and the user accounts (one argon2 hash of the known password);
// - direct with --batch: polling setup and tally entry, the two bulk data-entry steps (about 14 of the
//   about 21 actions per village: 58,753 actions at 宁夏's size become 18,810); round.open,
//   round.decide and result.confirm stay actions, so every result still comes from the rules engine.
//   Measured on 2 cores (docs/benchmarks.md): 白玉's size 25 s on PostgreSQL, 46 s on
//   PGlite; 宁夏's size 10 min 43 s on PostgreSQL with every step an action, about 5-9 min with --batch.
//
// Every user's password is printed at the end (the county administrator needs it to certify).
import { parseArgs } from "node:util";
import { installDatabase } from "@/lib/server/db";
import { openConfiguredDatabase } from "@/lib/server/db/connect";
import { applyMigrations } from "@/lib/server/db/schema-engine";
import { BATCHED_STEPS, DEFAULT_SCALE_COUNTY_CODE, DIRECT_STEPS, seedScale, SINGLE_COUNTY_MAX } from "@/lib/server/seed/scale";

const USAGE = "用法: npm run seed:scale -- --villages N [--communities M] [--county-code CODE] [--seed S] [--batch] [--concurrency K] [--progress P]";

async function main() {
  const { values } = parseArgs({
    options: {
      villages: { type: "string" },
      communities: { type: "string", default: "0" },
      "county-code": { type: "string", default: DEFAULT_SCALE_COUNTY_CODE },
      seed: { type: "string", default: "1" },
      batch: { type: "boolean", default: false },
      concurrency: { type: "string" },
      progress: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const villages = Number(values.villages);
  const communities = Number(values.communities);
  const seed = Number(values.seed);
  if (!Number.isInteger(villages) || villages < 1 || !Number.isInteger(communities) || communities < 0 || !Number.isInteger(seed)) {
    console.error(USAGE);
    process.exit(2);
  }
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    console.error("--concurrency 应为正整数");
    process.exit(2);
  }
  const total = villages + communities;
  const progressEvery = values.progress === undefined ? Math.max(10, Math.round(total / 40 / 10) * 10) : Number(values.progress);

  const database = await openConfiguredDatabase();
  installDatabase(database);
  try {
    await applyMigrations(database.adapter);
    const where = database.kind === "postgres" ? "PostgreSQL（DATABASE_URL）" : "嵌入式 PGlite（PGLITE_DATA_DIR）";
    const effective = concurrency ?? (database.kind === "postgres" ? 8 : 1);
    console.log(
      `规模数据：${villages} 个村、${communities} 个社区，${villages > SINGLE_COUNTY_MAX ? "多县（约 130 个村(社区)一县）" : "一个县"}，县代码 ${values["county-code"]} 起，种子 ${seed}；` +
        `数据库 ${where}，同时处理 ${effective} 个村(社区)。`,
    );
    console.log(`直接写入（没有对应操作，或属于选举之外的准备）：${DIRECT_STEPS.join("；")}。`);
    console.log(
      values.batch
        ? `--batch：以下批量录入步骤直接写入数据库，不经操作（数量太大）：${BATCHED_STEPS.join("；")}。其余步骤均经 executeAction。`
        : "其余每一步均经 executeAction（与页面相同的校验、权限与审计）。",
    );
    const summary = await seedScale({
      villages,
      communities,
      countyCode: values["county-code"],
      seed,
      batch: values.batch,
      concurrency,
      progressEvery,
      log: (line) => console.log(line),
    });
    const s = summary;
    const rate = s.registeredVoters ? ((s.votesCast / s.registeredVoters) * 100).toFixed(1) : "0";
    console.log("");
    console.log(
      `完成，用时 ${(s.elapsedMs / 1000).toFixed(1)} 秒（${s.actions} 次操作，平均 ${(s.elapsedMs / Math.max(1, s.actions)).toFixed(1)} ms/次${s.batched ? "，投票设置与计票录入为批量写入" : ""}）`,
    );
    console.log(`  省            ${s.province.name}（${s.province.code}）`);
    console.log(
      `  县            ${s.counties.length}：${s.counties
        .slice(0, 6)
        .map((c) => `${c.name}（${c.code}）`)
        .join("、")}${s.counties.length > 6 ? " 等" : ""}`,
    );
    console.log(`  乡镇(街道)    ${s.townships}`);
    console.log(`  村            ${s.villages}`);
    console.log(`  社区          ${s.communities}`);
    console.log(`  候选人        ${s.candidates}（联审不通过 ${s.rejected}）`);
    console.log(`  当选成员      ${s.members}`);
    console.log(`  登记选民      ${s.registeredVoters}`);
    console.log(`  第一轮投票    ${s.votesCast}（参选率 ${rate}%）`);
    console.log(`  另行选举      ${s.runoffs} 个村(社区)`);
    console.log(`  往届成员      ${s.pastTermMembers}`);
    console.log(
      `登录：县换届办管理员 ${s.counties
        .map((c) => c.adminUsername)
        .slice(0, 3)
        .join("、")}${s.counties.length > 3 ? " 等" : ""}，所有规模数据用户的密码均为 ${s.password}`,
    );
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
