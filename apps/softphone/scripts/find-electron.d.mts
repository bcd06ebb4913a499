export function findElectron(env?: Record<string, string | undefined>): { path: string } | { reason: string };
