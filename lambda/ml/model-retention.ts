export interface NamedResource {
  readonly name: string;
  readonly createdAt: Date;
}

/**
 * Which of the pipeline's models (or endpoint configs) to delete: all but the one serving and the
 * newest one created before it, which is kept for a rollback. Rejected or failed candidates, newer
 * than the serving one, go too. Nothing is deleted when the serving one is not among them: without
 * it there is no telling current from old.
 */
export function retiredNames(resources: readonly NamedResource[], serving: string): string[] {
  const current = resources.find((resource) => resource.name === serving);
  if (!current) return [];
  const previous = resources
    .filter((resource) => resource.createdAt < current.createdAt)
    .reduce<NamedResource | undefined>(
      (newest, resource) => (newest === undefined || resource.createdAt > newest.createdAt ? resource : newest),
      undefined,
    );
  return resources
    .filter((resource) => resource !== current && resource !== previous)
    .map((resource) => resource.name)
    .sort();
}
