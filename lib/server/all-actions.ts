import "server-only";
// Every module that defines actions, imported once so the registry (and the permission-matrix test)
// sees all of them. A new action module must be added here.
export * as units from "./units";
export * as departments from "./departments";
export * as users from "./users";
export * as account from "./account";
export * as ownSessions from "./own-sessions";
export * as ownSecondFactor from "./own-second-factor";
export * as rules from "./nomination/rules";
export * as campaigns from "./nomination/campaigns";
export * as elections from "./nomination/elections";
export * as candidates from "./nomination/candidates";
export * as excel from "./nomination/excel";
export * as negativeList from "./vetting/negative-list";
export * as rounds from "./vetting/rounds";
export * as opinions from "./vetting/opinions";
export * as decisions from "./vetting/decisions";
export * as polling from "./election-day/polling";
export * as tallies from "./election-day/tallies";
export * as votingRounds from "./election-day/rounds";
export * as results from "./election-day/results";
export * as certification from "./records/certification";
export * as certificates from "./records/certificates";
export * as dashboard from "./oversight/dashboard";
export * as pastTerms from "./oversight/past-terms";
export * as complaints from "./complaints";
