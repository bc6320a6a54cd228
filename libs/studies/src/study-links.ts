import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, RUNTIME, type AppConfig, type Runtime, publicBaseUrl } from '@maillage/platform';
import { deriveKey, hashToken } from '@maillage/identity';

/**
 * The answer links of studies: `<territoryId>.<secret>`, the territory first (like invitations
 * and the join link), only the secret's hash stored. An invitation's secret is a keyed hash of
 * the invitation and its link number, so its mail job can rebuild the link it sends without it
 * being stored; a reminder numbers a new link and the old one stops working.
 */
@Injectable()
export class StudyLinks {
  private readonly invitationKey: Buffer;
  private readonly guardKey: Buffer;

  constructor(
    @Inject(RUNTIME) runtime: Runtime,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.invitationKey = deriveKey(runtime.secretKey, 'study-invitation-links');
    this.guardKey = deriveKey(runtime.secretKey, 'study-public-guards');
  }

  invitationSecret(invitationId: string, generation: number): string {
    return createHmac('sha256', this.invitationKey).update(`${invitationId}:${generation}`).digest('base64url');
  }

  invitationHash(invitationId: string, generation: number): string {
    return hashToken(this.invitationSecret(invitationId, generation));
  }

  /** The link a person opens: the console's answer page. */
  url(token: string): string {
    const base = publicBaseUrl(this.config);
    return `${base}/etude/${encodeURIComponent(token)}`;
  }

  /** What identifies a browser for one study, keyed so the stored value tells nothing by itself. */
  fingerprint(studyId: string, clientAddress: string, userAgent: string): string {
    return createHmac('sha256', this.guardKey).update(`${studyId}\n${clientAddress}\n${userAgent}`).digest('base64url');
  }
}
