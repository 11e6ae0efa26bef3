import { RouteMessages } from "@/components/route-messages";

export default function CallbacksEntryLayout({ children }: { children: React.ReactNode }) {
  return <RouteMessages route="(app)/callbacks/[ref]">{children}</RouteMessages>;
}
