export * from './api-client.js';
export * from './database-snapshot.js';
export * from './openapi.js';
export * from './tenancy-fixture.js';
export * from './test-app.js';
export * from './test-database.js';
export * from './test-runtime.js';
