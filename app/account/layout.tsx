import { RouteMessages } from "@/components/route-messages";

export default function AccountLayout({ children }: { children: React.ReactNode }) {
  return <RouteMessages route="account">{children}</RouteMessages>;
}
