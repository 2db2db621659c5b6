// docs/architecture.md draws every model of prisma/schema.prisma in one mermaid erDiagram; this test keeps the
// picture complete. After adding or removing a model: add or remove its entity (and its relations) in the
// "Data model" diagram of docs/architecture.md, and the model count in the sentence above it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const schema = readFileSync(path.resolve("prisma/schema.prisma"), "utf8");
const doc = readFileSync(path.resolve("docs/architecture.md"), "utf8");

const models = [...schema.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]!).sort();
const diagram = /```mermaid\nerDiagram\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
const entities = new Set<string>();
for (const line of diagram.split("\n")) {
  const relation = /^\s*(\w+) [|}o]\S*--\S*[|{o] (\w+) :/.exec(line);
  if (relation) {
    entities.add(relation[1]!);
    entities.add(relation[2]!);
  }
  const block = /^\s*(\w+) \{\s*$/.exec(line);
  if (block) entities.add(block[1]!);
}

describe("docs/architecture.md data model", () => {
  it("has an erDiagram", () => {
    expect(diagram).not.toBe("");
  });

  it("draws exactly the models of prisma/schema.prisma", () => {
    expect([...entities].sort()).toEqual(models);
  });

  it("says how many models there are", () => {
    expect(doc).toContain(`All ${models.length} models of \`prisma/schema.prisma\``);
  });
});
