/**
 * Tenants: identified by a gateway key in `x-gateway-key` (the config holds only its SHA-256; the
 * header never goes upstream) or, behind a trusted auth proxy, by a configured header. Clients
 * cannot pick another tenant's policy without its key.
 */
import crypto from 'node:crypto';
import type http from 'node:http';
import { GatewayError } from '../errors';
import type { PolicyOverlay } from '../policy/overlay';
import type { TenantsConfig } from './config';

export interface Tenant {
  id: string;
  overlay?: PolicyOverlay;
  requestsPerMinute?: number;
}

export const GATEWAY_KEY_HEADER = 'x-gateway-key';

export class TenantDirectory {
  private readonly byKey = new Map<string, Tenant>();
  private readonly byId = new Map<string, Tenant>();

  constructor(private readonly cfg: TenantsConfig) {
    for (const t of cfg.list) {
      const tenant: Tenant = { id: t.id, overlay: t.policy, requestsPerMinute: t.requests_per_minute };
      this.byId.set(t.id, tenant);
      for (const h of t.key_sha256) this.byKey.set(h, tenant);
    }
  }

  /** The request's tenant, null when none is identified, or a GatewayError (401) for a bad key. */
  resolve(headers: http.IncomingHttpHeaders): Tenant | null {
    const key = headers[GATEWAY_KEY_HEADER];
    if (typeof key === 'string') {
      const tenant = this.byKey.get(crypto.createHash('sha256').update(key).digest('hex'));
      if (!tenant) throw new GatewayError('unauthorized', 'The gateway key is not valid.');
      return tenant;
    }
    const header = this.cfg.trusted_header ? headers[this.cfg.trusted_header.toLowerCase()] : undefined;
    if (typeof header === 'string' && header !== '') return this.byId.get(header) ?? { id: header.slice(0, 100) };
    if (this.cfg.required) throw new GatewayError('unauthorized', `A gateway key (${GATEWAY_KEY_HEADER}) is required.`);
    return null;
  }
}
