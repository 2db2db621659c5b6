// Every page names itself in the browser tab and in printouts' headers: its own <title>.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.resolve(import.meta.dirname, "../../app");
const pages = (readdirSync(APP, { recursive: true }) as string[])
  .filter((f) => path.basename(f) === "page.tsx")
  // The root page only redirects (to /home or /login).
  .filter((f) => f !== "page.tsx")
  .sort();
const TITLE = /export (const metadata\b|const generateMetadata\b|(async )?function generateMetadata\b)/;

describe("page titles", () => {
  it("finds the pages", () => expect(pages.length).toBeGreaterThan(30));
  it.each(pages)("%s exports its own metadata", (file) => {
    expect(readFileSync(path.join(APP, file), "utf8")).toMatch(TITLE);
  });
  it("the root layout appends the app's name to every page title", () => {
    expect(readFileSync(path.join(APP, "layout.tsx"), "utf8")).toMatch(/template: "%s · 换届选举"/);
  });
});

describe("favicon", () => {
  it("app/icon.svg is an SVG image Next serves as the site icon", () => {
    const svg = readFileSync(path.join(APP, "icon.svg"), "utf8");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 32 32">/);
    expect(svg.trim()).toMatch(/<\/svg>$/);
  });
});
