/** Renders an OpenAPI document as the console's TypeScript client types. */
export function renderApiTypes(document: unknown): Promise<string>;
