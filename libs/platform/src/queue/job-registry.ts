import type { JobDefinition, JobName, QueueName } from './job-catalogue.js';

/** The job definitions the modules of this process registered. */
export class JobRegistry {
  private readonly definitions = new Map<JobName, JobDefinition>();

  register(definitions: readonly JobDefinition[]): void {
    for (const definition of definitions) {
      const existing = this.definitions.get(definition.name);
      if (existing && existing !== definition) {
        throw new Error(`Job "${definition.name}" is defined twice`);
      }
      this.definitions.set(definition.name, definition);
    }
  }

  get(name: JobName): JobDefinition {
    const definition = this.definitions.get(name);
    if (!definition) throw new Error(`Job "${name}" is not registered in this process`);
    return definition;
  }

  all(): JobDefinition[] {
    return [...this.definitions.values()];
  }

  queues(): QueueName[] {
    return [...new Set(this.all().map((definition) => definition.queue))].sort();
  }
}

/**
 * Every defined job has exactly one handler, and every handler a defined job.
 * Returns the problems found; the worker refuses to start unless it is empty.
 */
export function checkHandlers(definitions: readonly JobDefinition[], handlerNames: readonly string[]): string[] {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const name of handlerNames) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const definition of definitions) {
    const count = counts.get(definition.name) ?? 0;
    if (count === 0) problems.push(`job "${definition.name}" has no handler`);
    if (count > 1) problems.push(`job "${definition.name}" has ${count} handlers`);
  }
  const defined = new Set<string>(definitions.map((definition) => definition.name));
  for (const name of counts.keys()) {
    if (!defined.has(name)) problems.push(`handler for "${name}", which no module defines`);
  }
  return problems;
}
