/** Wrong flags or arguments: exit 2 with the usage. */
export class UsageError extends Error {}
