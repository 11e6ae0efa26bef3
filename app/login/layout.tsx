import { RouteMessages } from "@/components/route-messages";

export default function LoginLayout({ children }: { children: React.ReactNode }) {
  return <RouteMessages route="login">{children}</RouteMessages>;
}
