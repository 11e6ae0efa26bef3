import { RouteMessages } from "@/components/route-messages";

export default function PayoutsNewLayout({ children }: { children: React.ReactNode }) {
  return <RouteMessages route="(app)/payouts/new">{children}</RouteMessages>;
}
