/**
 * Defers loading a module until a handler first needs it. Terraform starts a provider several
 * times per command, often only to read its schema; domain libraries (X.509, YAML, Kubernetes
 * clients) should not slow those starts down. Use with `require` and `import type`.
 */
export function lazy<T>(load: () => T): () => T {
  let loaded = false;
  let value: T;
  return () => {
    if (!loaded) {
      value = load();
      loaded = true;
    }
    return value;
  };
}
