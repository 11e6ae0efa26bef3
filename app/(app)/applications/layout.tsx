import { RouteMessages } from "@/components/route-messages";

export default function ApplicationsLayout({ children }: { children: React.ReactNode }) {
  return <RouteMessages route="(app)/applications">{children}</RouteMessages>;
}
