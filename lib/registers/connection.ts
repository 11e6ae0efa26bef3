import "server-only";
import { highHelpProblem, type HighHelpClient } from "@/lib/highhelp";
import { message, money } from "@/lib/i18n/message";

export interface ConnectionCheck {
  /** HighHelp answered a signed balance/info with a well-formed body. */
  reachable: boolean;
  /** One sentence for the admin, as a message (lib/i18n/message.ts): the balances HighHelp reported, or what went wrong. */
  summary: string;
}

/**
 * A register's connection test: a signed balance/info (a read, harmless to repeat). A success
 * proves the API URL, the project_id and the request key together; alerts are not exercised.
 */
export async function checkConnection(client: Pick<HighHelpClient, "balanceInfo">): Promise<ConnectionCheck> {
  const result = await client.balanceInfo();
  if (!result.ok) return { reachable: false, summary: highHelpProblem(result.error) };
  const balances = result.data.balance;
  if (balances.length === 0)
    return { reachable: true, summary: message("registers.connection.noBalance", { status: result.httpStatus }) };
  return {
    reachable: true,
    summary: balances
      .map((b, i) =>
        message(i === 0 ? "registers.connection.balance" : "registers.connection.moreBalance", {
          status: result.httpStatus,
          available: money(b.amount, b.currency),
          locked: money(b.locked_amount, b.currency),
        }),
      )
      .join("\n"),
  };
}
