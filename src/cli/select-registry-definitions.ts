import { UsageError } from './usage-error.js';
import type { RegistryContent } from './read-registry.js';

type Json = Record<string, unknown>;

/** A definitions bundle as `signals-edge pull` writes it, each list sorted. */
export interface PulledBundle {
  attribute_groups: Json[];
  services: Json[];
  interventions: Json[];
  attribute_keys: Json[];
}

export interface SelectOptions {
  /** Keep only these services and what they use; null: everything. */
  services: readonly string[] | null;
  /** Keep objects whose `is_published` is not true. */
  includeUnpublished: boolean;
}

/**
 * Chooses what `pull` writes from the registry's lists, objects unchanged:
 * - groups, services and interventions with `is_published: true` (all with `includeUnpublished`);
 * - with `services`: those services, the groups (name and version, default 1) they name, and the
 *   interventions whose criteria leaves (`group:attribute`) read only those groups;
 *   without: a service or intervention that needs a group left out is left out too, with a warning;
 * - the attribute keys the kept groups use and the kept interventions target (and, without `services`,
 *   every published key, or every key with `includeUnpublished`).
 * Sorted by name, then version; names compared by code unit, so the order never depends on the locale.
 * @throws UsageError for a service name the registry does not have (naming those it has), or one that
 * is not published without `includeUnpublished`.
 */
export function selectRegistryDefinitions(content: RegistryContent, options: SelectOptions): { bundle: PulledBundle; warnings: string[] } {
  const visible = (item: Json) => options.includeUnpublished || item['is_published'] === true;
  const warnings: string[] = [];
  const visibleGroups = content.attribute_groups.filter(visible);
  let services: Json[];
  let groups: Json[];

  if (options.services === null) {
    groups = visibleGroups;
    services = content.services.filter(visible).filter((service) => {
      const missing = groupRefs(service).find((ref) => !visibleGroups.some((g) => isGroup(g, ref)));
      if (missing === undefined) return true;
      warnings.push(`service "${String(service['name'])}" left out: it uses group "${missing.name}" version ${missing.version}, `
        + `which ${whyMissing(content.attribute_groups, missing, options.includeUnpublished)}`);
      return false;
    });
  } else {
    services = [];
    for (const name of new Set(options.services)) {
      const service = content.services.find((s) => s['name'] === name);
      if (service === undefined || !visible(service)) {
        const names = content.services.filter(visible).map((s) => String(s['name'])).sort(compareText);
        const have = names.length === 0
          ? `the registry has no ${options.includeUnpublished ? '' : 'published '}services`
          : `the ${options.includeUnpublished ? '' : 'published '}services are: ${names.join(', ')}`;
        const unpublished = service !== undefined ? ' is not published (add --include-unpublished to pull it);' : ' is not in the registry;';
        throw new UsageError(`--service: service "${name}"${unpublished} ${have}`);
      }
      services.push(service);
    }
    // A group a service names but that is missing is left for parseDefinitions to report (exit 1).
    groups = visibleGroups.filter((g) => services.some((s) => groupRefs(s).some((ref) => isGroup(g, ref))));
  }

  const groupNames = new Set(groups.map((g) => String(g['name'])));
  const interventions = content.interventions.filter(visible).filter((intervention) => {
    const read = readGroups(intervention['criteria']);
    const missing = [...read].filter((name) => !groupNames.has(name));
    if (options.services !== null && (read.size === 0 || missing.length === read.size)) return false;
    if (missing.length === 0) return true;
    const what = options.services === null
      ? `which ${whyMissingByName(content.attribute_groups, missing[0]!, options.includeUnpublished)}`
      : 'which no selected service uses';
    warnings.push(`intervention "${String(intervention['name'])}" version ${versionOf(intervention)} left out: `
      + `its criteria read group "${missing[0]}", ${what}`);
    return false;
  });

  const usedKeys = new Set<string>();
  for (const group of groups) {
    const key = group['attribute_key'];
    if (isJson(key) && typeof key['name'] === 'string') usedKeys.add(key['name']);
    else if (typeof group['attribute_key_or_name'] === 'string') usedKeys.add(group['attribute_key_or_name']);
  }
  for (const intervention of interventions) {
    const targets = intervention['target_attribute_keys'];
    if (!Array.isArray(targets)) continue;
    for (const target of targets) {
      const name = typeof target === 'string' ? target : isJson(target) ? target['name'] : undefined;
      if (typeof name === 'string') usedKeys.add(name);
    }
  }
  const keys = content.attribute_keys.filter((key) => usedKeys.has(String(key['name'])) || (options.services === null && visible(key)));

  return {
    bundle: {
      attribute_groups: [...groups].sort(byNameThenVersion),
      services: [...services].sort(byNameThenVersion),
      interventions: [...interventions].sort(byNameThenVersion),
      attribute_keys: [...keys].sort(byNameThenVersion),
    },
    warnings,
  };
}

interface GroupRef {
  name: string;
  version: number;
}

/** The groups a service names (`version` default 1). */
function groupRefs(service: Json): GroupRef[] {
  const refs = service['attribute_groups'];
  if (!Array.isArray(refs)) return [];
  return refs.filter(isJson).map((ref) => ({ name: String(ref['name']), version: typeof ref['version'] === 'number' ? ref['version'] : 1 }));
}

function isGroup(group: Json, ref: GroupRef): boolean {
  return group['name'] === ref.name && versionOf(group) === ref.version;
}

function whyMissing(all: readonly Json[], ref: GroupRef, includeUnpublished: boolean): string {
  if (!includeUnpublished && all.some((g) => isGroup(g, ref))) return 'is not published (add --include-unpublished to pull it)';
  return 'is not in the registry';
}

function whyMissingByName(all: readonly Json[], name: string, includeUnpublished: boolean): string {
  if (!includeUnpublished && all.some((g) => g['name'] === name)) return 'has no published version (add --include-unpublished to pull it)';
  return 'is not in the registry';
}

/** The group names of the `group:attribute` leaves of an intervention's criteria tree. */
function readGroups(node: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const child of node) readGroups(child, into);
  } else if (isJson(node)) {
    for (const op of ['all', 'any', 'none']) readGroups(node[op], into);
    const attribute = node['attribute'];
    if (typeof attribute === 'string' && attribute.includes(':')) into.add(attribute.slice(0, attribute.indexOf(':')));
  }
  return into;
}

function versionOf(item: Json): number {
  return typeof item['version'] === 'number' ? item['version'] : 1;
}

function byNameThenVersion(a: Json, b: Json): number {
  return compareText(String(a['name']), String(b['name'])) || versionOf(a) - versionOf(b);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
