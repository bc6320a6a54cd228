export * from './report-catalogue.js';
export * from './report-generators.js';
export * from './report-store.js';
export * from './report.job.js';
export * from './reports.module.js';
export * from './reports.service.js';
export * from './activity-documents.js';
export * from './territory-activity.js';
