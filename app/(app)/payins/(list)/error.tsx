"use client";

import { ListError } from "@/components/data-table/list-error";

export default function PayinsError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ListError title="Payins" {...props} />;
}
