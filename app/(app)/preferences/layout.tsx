import { RouteMessages } from "@/components/route-messages";

export default function PreferencesLayout({ children }: { children: React.ReactNode }) {
  return <RouteMessages route="(app)/preferences">{children}</RouteMessages>;
}
