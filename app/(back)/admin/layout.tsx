import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AdminNav } from "@/components/admin/admin-nav";
import { requireStaff } from "@/lib/staff";
import "./admin.css";

/** Resolved only for staff: anyone else's 404 must not carry the back office's titles. */
export async function generateMetadata(): Promise<Metadata> {
  await requireStaff();
  return { title: { default: "Back office", template: "%s · Back office" }, robots: { index: false, follow: false } };
}

/** The back office frame. Every page and action under it checks the role itself too. */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const staff = await requireStaff();
  return (
    <div className="admin">
      <AdminNav staffEmail={staff.email} />
      <div className="admin__body">{children}</div>
    </div>
  );
}
