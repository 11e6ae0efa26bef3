import { RouteMessages } from "@/components/route-messages";

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return <RouteMessages route="(app)/settings">{children}</RouteMessages>;
}
