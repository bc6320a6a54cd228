export * from './access.guard.js';
export * from './geography.service.js';
export * from './invitations.service.js';
export * from './memberships.service.js';
export * from './territories.module.js';
export * from './territories.service.js';
export * from './territory.types.js';
export * from './territory-errors.js';
