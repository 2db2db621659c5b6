import type { Metadata } from "next";
import { connection } from "next/server";
import "./globals.css";
import { t } from "@/lib/i18n/zh";

export const metadata: Metadata = { title: { template: "%s · 换届选举", default: t.appName } };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page is rendered per request: its scripts carry this response's CSP nonce (proxy.ts), which a
  // page prerendered at build time could not (docs/decisions/014-http-headers.md).
  await connection();
  return (
    <html lang="zh-CN">
      <body>{children}</body>
    </html>
  );
}
