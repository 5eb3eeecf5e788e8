/**
 * Warehouse column names of self-describing data, as Signals' legacy string properties use them:
 * `unstruct_event_<vendor>_<name>_<major>` and `contexts_<vendor>_<name>_<major>`.
 * Vendor: `.` → `_`, lower-cased. Name: `_` before each capital preceded by a character that is
 * neither a capital nor `_` (`webPage` → `web_page`), lower-cased.
 */
export function schemaColumnName(vendor: string, name: string, major: number, entity: boolean): string {
  return `${entity ? 'contexts' : 'unstruct_event'}_${schemaStem(vendor, name)}_${major}`;
}

/** The `<vendor>_<name>` part of a warehouse column name. */
export function schemaStem(vendor: string, name: string): string {
  return `${vendor.replace(/[.-]/g, '_').toLowerCase()}_${snakeCase(name)}`;
}

/** `webPage` → `web_page`, `operatingSystemName` → `operating_system_name`; `-` becomes `_`. */
export function snakeCase(name: string): string {
  return name.replace(/(?<=[^A-Z_])(?=[A-Z])/g, '_').replace(/-/g, '_').toLowerCase();
}
