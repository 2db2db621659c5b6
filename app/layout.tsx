import type { Metadata } from "next";
import "./globals.css";
import { t } from "@/lib/i18n/zh";

export const metadata: Metadata = { title: { template: "%s · 换届选举", default: t.appName } };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="zh-CN">
      <body>{children}</body>
    </html>
  );
}
