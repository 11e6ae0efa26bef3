"use client";

import { ListError } from "@/components/data-table/list-error";

export default function AuditError(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ListError title="Audit log" {...props} />;
}
