// Placeholder until the handler lands; keeps the CDK entry resolvable.
export const handler = async (): Promise<void> => {};
