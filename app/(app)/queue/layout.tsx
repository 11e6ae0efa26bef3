import { RouteMessages } from "@/components/route-messages";

export default function QueueLayout({ children }: { children: React.ReactNode }) {
  return <RouteMessages route="(app)/queue">{children}</RouteMessages>;
}
