import "server-only";
import { describeHighHelpError, type HighHelpClient } from "@/lib/highhelp";
import { formatMinor } from "@/lib/money/amounts";

export interface ConnectionCheck {
  /** HighHelp answered a signed balance/info with a well-formed body. */
  reachable: boolean;
  /** One sentence for the admin: the balances HighHelp reported, or what went wrong. */
  summary: string;
}

/**
 * A register's connection test: a signed balance/info (a read, harmless to repeat). A success
 * proves the API URL, the project_id and the request key together; alerts are not exercised.
 */
export async function checkConnection(client: Pick<HighHelpClient, "balanceInfo">): Promise<ConnectionCheck> {
  const result = await client.balanceInfo();
  if (!result.ok) return { reachable: false, summary: describeHighHelpError(result.error) };
  const balances = result.data.balance;
  const listed =
    balances.length === 0
      ? "no balance yet"
      : balances
          .map((b) => `${formatMinor(b.amount, b.currency)} available, ${formatMinor(b.locked_amount, b.currency)} locked`)
          .join("; ");
  return { reachable: true, summary: `HighHelp answered (HTTP ${result.httpStatus}): ${listed}.` };
}
