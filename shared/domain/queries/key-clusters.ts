/**
 * Identities that share any key are one (union–find): a person once seen with an IIN and a passport
 * and once with the passport alone is one person.
 */
export class KeyClusters {
  private readonly parent = new Map<string, string>();

  join(keys: readonly string[]): void {
    const [first, ...others] = keys;
    if (first === undefined) return;
    const root = this.rootOf(first);
    for (const key of others) {
      const other = this.rootOf(key);
      if (other !== root) this.parent.set(other, root);
    }
  }

  /** The cluster of an identity; "" for an identity without keys. */
  clusterOf(keys: readonly string[]): string {
    const [first] = keys;
    return first === undefined ? "" : this.rootOf(first);
  }

  private rootOf(key: string): string {
    let root = key;
    for (let parent = this.parent.get(root); parent !== undefined; parent = this.parent.get(root)) {
      root = parent;
    }
    // Path compression keeps later look-ups short.
    for (let node = key; node !== root; ) {
      const next = this.parent.get(node) ?? root;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }
}
