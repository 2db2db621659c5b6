// npm run admin:create -- --username root --unit-code 510000000000 --unit-name 四川省 [--unit-kind PROVINCE] [--name 张三]
// The password comes from ADMIN_PASSWORD or is asked for on the terminal (never from the command line).
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { installDatabase } from "@/lib/server/db";
import { openConfiguredDatabase } from "@/lib/server/db/connect";
import { applyMigrations } from "@/lib/server/db/schema-engine";
import { bootstrapAdmin } from "@/lib/server/bootstrap";
import { ExpectedError } from "@/lib/server/errors";

async function main() {
  const { values } = parseArgs({
    options: {
      username: { type: "string" },
      name: { type: "string" },
      "unit-code": { type: "string" },
      "unit-name": { type: "string" },
      "unit-kind": { type: "string", default: "PROVINCE" },
    },
  });
  let password = process.env.ADMIN_PASSWORD ?? "";
  if (!password) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    password = await rl.question("新管理员密码（至少 10 位，含大写字母、小写字母、数字、符号中的至少 3 类；首次登录后须修改）: ");
    rl.close();
  }
  const database = await openConfiguredDatabase();
  installDatabase(database);
  try {
    await applyMigrations(database.adapter);
    await bootstrapAdmin({
      username: values.username ?? "",
      displayName: values.name,
      password,
      unitCode: values["unit-code"] ?? "",
      unitName: values["unit-name"] ?? "",
      unitKind: values["unit-kind"] as "PROVINCE",
    });
    console.log(`已创建系统管理员 ${values.username}，所在单位 ${values["unit-name"]}（${values["unit-code"]}）。`);
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  if (err instanceof ZodError) console.error(err.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n"));
  else if (err instanceof ExpectedError) console.error(err.message);
  else console.error(err);
  process.exit(1);
});
