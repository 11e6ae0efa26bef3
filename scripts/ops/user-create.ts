import "@/scripts/load-env";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { z } from "zod";
import { env } from "@/lib/server/env";
import { openDatabase } from "@/lib/server/db-open";
import { randomSecret } from "@/lib/server/ids";
import { createUser } from "@/lib/accounts/commands";
import { newUserSchema } from "@/lib/accounts/schemas";
import { AppError } from "@/lib/server/errors";

const USAGE = `Creates a back-office user (the way to add the first admin in production).

  npm run user:create -- --email a@b.kz --name "Aigerim S." --role admin [--generate-password]

The password is asked for on the terminal (or read from the first line of standard input);
--generate-password makes a random one and prints it once. Roles: viewer, operator, admin.`;

async function readPassword(): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  if (!process.stdin.isTTY) {
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return "";
  }
  const ask = (q: string) =>
    new Promise<string>((resolve) => {
      const original = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
      rl.question(q, (answer) => {
        (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = original;
        process.stdout.write("\n");
        resolve(answer);
      });
      // Hide what is typed after the prompt.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
    });
  const first = await ask("Password: ");
  const second = await ask("Repeat password: ");
  rl.close();
  if (first !== second) throw new Error("The passwords differ.");
  return first;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      "generate-password": { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help || !values.email || !values.role) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const generated = values["generate-password"] ? randomSecret(18) : undefined;
  const password = generated ?? (await readPassword());
  const input = { email: values.email, name: values.name ?? values.email, role: values.role, password };
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${issue.path.join(".")}: ${issue.message}`);
    return 2;
  }
  const handle = await openDatabase(env.database, { migrate: env.migrateOnStart, requireCurrentSchema: true });
  try {
    const user = await createUser(handle.db, parsed.data, { userId: null, email: "cli" });
    console.log(`Created ${user.role} ${user.email} (id ${user.id}).`);
    if (generated) console.log(`Password (shown once): ${generated}`);
    return 0;
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict:user_exists") {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await handle.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `user:create failed: ${error instanceof z.ZodError ? error.message : error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
