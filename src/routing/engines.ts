/**
 * The engine for a request: the current rules revision under the policy overlays of its tenant and
 * route (global → tenant → route). Variants share the revision's detectors and are cached until
 * the revision changes.
 */
import crypto from 'node:crypto';
import type { Engine } from '../policy/engine';
import { applyOverlays, type PolicyOverlay } from '../policy/overlay';

export class EngineVariants {
  private revision = '';
  private readonly cache = new Map<string, Engine>();

  get(base: Engine, overlays: (PolicyOverlay | undefined)[]): Engine {
    const layers = overlays.filter((o): o is PolicyOverlay => o !== undefined);
    if (layers.length === 0) return base;
    if (base.ruleSet.revision !== this.revision) {
      this.revision = base.ruleSet.revision;
      this.cache.clear();
    }
    const key = crypto.createHash('sha256').update(JSON.stringify(layers)).digest('hex').slice(0, 8);
    let engine = this.cache.get(key);
    if (!engine) {
      engine = base.withPolicy(applyOverlays(base.ruleSet.policy, layers), key);
      this.cache.set(key, engine);
    }
    return engine;
  }
}
