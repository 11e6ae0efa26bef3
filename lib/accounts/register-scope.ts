import "server-only";
import { inArray, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { applications, type Role } from "@/drizzle/schema";
import { AppError } from "@/lib/server/errors";

/*
 * Staff scoped to cash registers. A user sees and acts on every register, or on a chosen set; an
 * application of a register outside the set does not exist for them: every read of applications
 * takes a scope as a required parameter and answers such an application exactly like a missing one.
 * Admins always have every register: they manage users and registers, so a narrower scope would
 * only be a view they could widen themselves.
 */

/** The project_ids of the registers a user may see and act on, or every register. */
export type ProjectScope = "all" | readonly string[];

/**
 * Every register: for the system's own work (callbacks, reconciliation, scripts), never for a
 * request on behalf of a user (use allowedProjects).
 */
export const ALL_PROJECTS: ProjectScope = "all";

/** The one answer to "which registers may this user reach": what every page, action and route handler passes down. */
export function allowedProjects(user: { role: Role; projects: ProjectScope }): ProjectScope {
  return user.role === "admin" ? ALL_PROJECTS : user.projects;
}

export function inScope(scope: ProjectScope, projectId: string): boolean {
  return scope === "all" || scope.includes(projectId);
}

/** The condition keeping `column` (a project_id, by default the application's) within the scope. */
export function projectScopeWhere(scope: ProjectScope, column: AnyPgColumn = applications.projectId): SQL {
  if (scope === "all") return sql`true`;
  if (scope.length === 0) return sql`false`;
  return inArray(column, [...scope]);
}

/** Refuses a register outside the scope with the answer an unknown register gets. */
export function assertProjectInScope(scope: ProjectScope, projectId: string): void {
  if (!inScope(scope, projectId)) throw new AppError("not_found:register", `No cash register has project_id ${projectId}.`);
}

/** The scope as the register queries' `projectIds` filter: null for every register, else the list. */
export function scopeProjectIds(scope: ProjectScope): readonly string[] | null {
  return scope === "all" ? null : scope;
}
