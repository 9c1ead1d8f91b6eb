/**
 * Filtering resources by tags (reference §5.7.6). A condition is a key with a set of values;
 * an empty set means any value. `tags`: every condition holds; `tags_any`: at least one holds;
 * `not_tags`: not every condition holds; `not_tags_any`: none holds. `matches` keeps resources whose
 * name contains the text. Lists that are absent or empty do not filter.
 */

export interface TagCondition {
  key: string;
  values: string[];
}

export interface TagFilter {
  tags?: TagCondition[];
  tagsAny?: TagCondition[];
  notTags?: TagCondition[];
  notTagsAny?: TagCondition[];
  /** Substring of the resource name. */
  nameContains?: string;
}

export interface TaggedResource {
  id: string;
  name: string;
  tags: { key: string; value: string }[];
}

function holds(resource: TaggedResource, condition: TagCondition): boolean {
  const tag = resource.tags.find((t) => t.key === condition.key);
  return tag !== undefined && (condition.values.length === 0 || condition.values.includes(tag.value));
}

export function matchesFilter(resource: TaggedResource, filter: TagFilter): boolean {
  const present = (list?: TagCondition[]): list is TagCondition[] => list !== undefined && list.length > 0;
  if (present(filter.tags) && !filter.tags.every((c) => holds(resource, c))) return false;
  if (present(filter.tagsAny) && !filter.tagsAny.some((c) => holds(resource, c))) return false;
  if (present(filter.notTags) && filter.notTags.every((c) => holds(resource, c))) return false;
  if (present(filter.notTagsAny) && filter.notTagsAny.some((c) => holds(resource, c))) return false;
  if (filter.nameContains !== undefined && !resource.name.includes(filter.nameContains)) return false;
  return true;
}

/** Matching resources in name order, and how many there are in all. */
export function filterResources(resources: readonly TaggedResource[], filter: TagFilter, offset: number, limit: number) {
  const all = resources.filter((r) => matchesFilter(r, filter)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { page: all.slice(offset, offset + limit), total: all.length };
}

/** Every key of the project's tags with its distinct values, keys and values in order. */
export function tagSets(tags: readonly { key: string; value: string }[]): { key: string; values: string[] }[] {
  const byKey = new Map<string, Set<string>>();
  for (const t of tags) {
    const values = byKey.get(t.key) ?? new Set<string>();
    values.add(t.value);
    byKey.set(t.key, values);
  }
  return [...byKey.keys()].sort().map((key) => ({ key, values: [...byKey.get(key)!].sort() }));
}
