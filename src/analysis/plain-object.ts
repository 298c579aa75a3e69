/**
 * Whether a parsed YAML/JSON value is a map (not null, not a list): what a Kubernetes object or field
 * must be. `V` types its values (`unknown` for code that checks each one).
 * @internal
 */
export function isPlainObject<V = any>(v: unknown): v is { [key: string]: V } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
