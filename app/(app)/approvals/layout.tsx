import { RouteMessages } from "@/components/route-messages";

export default function ApprovalsLayout({ children }: { children: React.ReactNode }) {
  return <RouteMessages route="(app)/approvals">{children}</RouteMessages>;
}
