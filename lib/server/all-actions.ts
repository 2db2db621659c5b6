import "server-only";
// Every module that defines actions, imported once so the registry (and the permission-matrix test)
// sees all of them. A new action module must be added here.
export * as units from "./units";
export * as departments from "./departments";
export * as users from "./users";
