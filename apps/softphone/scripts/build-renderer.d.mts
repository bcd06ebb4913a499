export function rendererIsStale(): boolean;
export function buildRenderer(options?: { force?: boolean; quiet?: boolean }): Promise<boolean>;
