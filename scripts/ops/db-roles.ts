import { parseArgs } from "node:util";
import { checkRoleNames, rolesSql } from "@/lib/server/db-roles";

/**
 * `npm run -s db:roles -- --database backoffice [--migrator backoffice_migrator] [--app backoffice_app] | psql …`:
 * prints the SQL that creates the migrator and app roles (docs/database-roles.md). Connects to nothing.
 */
const { values } = parseArgs({
  options: {
    database: { type: "string" },
    migrator: { type: "string", default: "backoffice_migrator" },
    app: { type: "string", default: "backoffice_app" },
  },
});

const names = { database: values.database ?? "", migrator: values.migrator, app: values.app };
const problem = values.database === undefined ? "--database is required (the database the app uses)" : checkRoleNames(names);
if (problem) {
  console.error(`db:roles: ${problem}`);
  process.exit(1);
}
process.stdout.write(rolesSql(names));
