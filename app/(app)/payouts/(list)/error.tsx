"use client";

import { ListError } from "@/components/data-table/list-error";

export default function PayoutsError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ListError title="Payouts" {...props} />;
}
