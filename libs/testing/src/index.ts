export * from './test-app.js';
export * from './test-database.js';
export * from './test-runtime.js';
