export * from './file-sniffing.js';
export * from './resource-errors.js';
export * from './resource.events.js';
export * from './resources.module.js';
export * from './resources.repository.js';
export * from './resources.service.js';
