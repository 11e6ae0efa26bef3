import { RouteMessages } from "@/components/route-messages";

export default function RegistersLayout({ children }: { children: React.ReactNode }) {
  return <RouteMessages route="(app)/registers">{children}</RouteMessages>;
}
