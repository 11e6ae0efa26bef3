import { RouteMessages } from "@/components/route-messages";

export default function UsersLayout({ children }: { children: React.ReactNode }) {
  return <RouteMessages route="(app)/users">{children}</RouteMessages>;
}
