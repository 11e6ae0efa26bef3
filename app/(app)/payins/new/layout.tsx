import { RouteMessages } from "@/components/route-messages";

export default function PayinsNewLayout({ children }: { children: React.ReactNode }) {
  return <RouteMessages route="(app)/payins/new">{children}</RouteMessages>;
}
