/**
 * The contract between the API and the console: enums, identifier checks, importable fields
 * and the alliance lifecycle. Isomorphic (no Node, Nest or DOM imports; see eslint.config.js),
 * imported by libs/* on the server and bundled into the web console.
 */
export * from './alliance-lifecycle.js';
export * from './case-studies.js';
export * from './enums.js';
export * from './identifiers.js';
export * from './import-fields.js';
export * from './notifications.js';
export * from './discussion.js';
export * from './periods.js';
export * from './audit.js';
export * from './profile-fields.js';
export * from './resources.js';
export * from './studies.js';
export * from './french-text.js';
export * from './report-periods.js';
