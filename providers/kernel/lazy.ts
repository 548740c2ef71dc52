import type * as YamlLib from 'yaml';

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

/** The `yaml` library on first use: most provider starts never read or write YAML. */
export const yamlLib = lazy(() => require('yaml') as typeof YamlLib);
