/** The built-in attribute keys (signals-model.md §6); each reads the atomic column of the same name. */
export const BUILT_IN_ATTRIBUTE_KEYS: readonly string[] = ['domain_userid', 'domain_sessionid', 'network_userid', 'user_id'];
