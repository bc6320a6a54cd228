/**
 * Every change the audit log records: the entity, then what was done to it. The API types its
 * records against it, the console describes each pair in French (workspace.json, audit.describe)
 * and a test walks it, so no entry reaches a screen as a code.
 */
export const AUDIT_EVENTS = {
  territory: ['create'],
  membership: ['create', 'update', 'link', 'delete'],
  invitation: ['create', 'revoke', 'accept'],
  observatory_sharing: ['update'],
  priority: ['create', 'update', 'delete'],
  actor: ['create', 'update', 'archive', 'unarchive', 'merge', 'merged_into'],
  actor_contact: ['create', 'delete'],
  import: ['create', 'dry_run', 'run'],
  geocoding: ['create'],
  alliance: ['create', 'update', 'transition'],
  alliance_agreement: ['agree'],
  alliance_evaluation: ['evaluate'],
  action: ['create', 'update', 'delete'],
  comment: ['delete'],
  report: ['create', 'cancel', 'delete'],
  report_schedule: ['create', 'delete'],
  join_link: ['open', 'close'],
  join_request: ['create', 'accept', 'refuse'],
  link_request: ['create', 'accept', 'refuse'],
  profile_change: ['request', 'accept', 'refuse'],
  resource: ['create', 'update', 'upload', 'delete'],
  case_study: ['create', 'update', 'submit', 'approve', 'return', 'publish', 'unpublish'],
  case_study_consent: ['grant', 'refuse'],
  study: ['create', 'update', 'open', 'close', 'invite', 'remind', 'open_public_link', 'close_public_link'],
} as const;

export type AuditEntity = keyof typeof AUDIT_EVENTS;
export type AuditActionOf<E extends AuditEntity> = (typeof AUDIT_EVENTS)[E][number];
export const AUDIT_ENTITIES = Object.keys(AUDIT_EVENTS) as AuditEntity[];

/**
 * Fields an entry keeps that mean nothing to a person (identifiers, versions, bookkeeping):
 * the console does not list them among the changes. Every other field has a French label.
 */
export const AUDIT_TECHNICAL_FIELDS: readonly string[] = [
  'id',
  'territoryId',
  'version',
  'createdAt',
  'updatedAt',
  'createdBy',
  'updatedBy',
  'contentSha256',
  'paramsHash',
  'requestId',
];

/** A field holding an identifier (`allianceId`, `priorityIds`), hidden as technical unless named. */
export function isIdentifierField(field: string): boolean {
  return AUDIT_TECHNICAL_FIELDS.includes(field) || /(Id|Ids)$/.test(field);
}

/**
 * Fields holding identifiers the console shows as names: organisations (the one a member acts
 * for, an alliance's parties, the card a duplicate was merged into) and people (`by`: who moved
 * an experiment to its stage). No other field may show an identifier.
 */
export const AUDIT_NAMED_ID_FIELDS: readonly string[] = ['actorId', 'parties', 'mergedInto', 'by'];

/** Of the named identifier fields, those holding organisations (actors); the others hold people. */
export const AUDIT_ACTOR_ID_FIELDS: readonly string[] = ['actorId', 'parties', 'mergedInto'];

/**
 * How the console translates a field's coded values: the i18n key prefix of its labels,
 * by entity when the same field means different things (`status`, `type`).
 */
export function auditValueCatalogue(entity: string, field: string): string | null {
  switch (field) {
    case 'category':
      return 'domain:category';
    case 'sizeClass':
      return 'domain:sizeClass';
    case 'fragilities':
      return 'domain:fragility';
    case 'modes':
      return 'domain:allianceMode';
    case 'patronageKinds':
      return 'domain:patronageKind';
    case 'phase':
      return 'domain:experimentStage';
    case 'role':
      if (entity === 'membership' || entity === 'invitation') return 'common:roles';
      // A participant's role in an action; a contact's role is free text.
      return entity === 'action' || entity === 'alliance' ? 'domain:participantRole' : null;
    case 'kind':
      if (entity === 'resource') return 'domain:resourceKind';
      return entity === 'territory' ? 'domain:territoryKind' : null;
    case 'axis':
      return 'domain:resourceAxis';
    case 'sheetKind':
      return 'domain:resourceSheetKind';
    case 'audiences':
      return 'domain:resourceAudience';
    case 'fileType':
      return 'domain:resourceFileType';
    case 'actionTypes':
    case 'actionType':
      return 'domain:actionType';
    case 'source':
      return entity === 'case_study' ? 'domain:caseStudySource' : null;
    case 'consent':
      return entity === 'case_study_consent' ? 'domain:caseStudyConsent' : null;
    case 'allianceModes':
      return 'domain:allianceMode';
    case 'locationPrecision':
      return 'domain:locationPrecision';
    case 'type':
      if (entity === 'action') return 'domain:actionType';
      if (entity === 'report' || entity === 'report_schedule') return 'domain:reportType';
      return null;
    case 'status':
      if (entity === 'alliance') return 'domain:allianceStatus';
      if (entity === 'priority') return 'domain:priorityStatus';
      if (entity === 'report') return 'domain:reportStatus';
      if (entity === 'invitation') return 'domain:invitationStatus';
      if (entity === 'import') return 'domain:importStatus';
      if (entity === 'resource') return 'domain:resourceStatus';
      if (entity === 'case_study') return 'domain:caseStudyStatus';
      if (entity === 'study') return 'domain:studyStatus';
      return null;
    case 'prisms':
      return 'domain:studyPrism';
    case 'format':
      // An action's animation format is free text.
      return entity === 'report' || entity === 'report_schedule' ? 'workspace:formats' : null;
    case 'delimiter':
      return 'workspace:audit.delimiters';
    case 'relativePeriod':
      return 'workspace:reports.relativePeriods';
    case 'subjectType':
      return 'workspace:audit.entities';
    default:
      return null;
  }
}
