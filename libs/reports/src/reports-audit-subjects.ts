import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AuditSubjects, type Db } from '@maillage/platform';
import { REPORT_CATALOGUE, type ReportType } from './report-catalogue.js';

/** A report type's French label; an unknown type (retired since) says it is a report. */
function reportLabel(type: string): string {
  const entry = (REPORT_CATALOGUE as Record<string, { label: string } | undefined>)[type];
  return entry ? `Rapport « ${entry.label} »` : 'Rapport';
}

async function reportNames(db: Db, table: 'reports' | 'report_schedules', ids: string[]) {
  const rows: { id: string; type: ReportType | string }[] = await db.query(
    `select id::text as id, type from ${table} where id::text = any($1::text[])`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, reportLabel(row.type)]));
}

/** How the audit log names reports and their schedules: by what they are. */
@Injectable()
export class ReportsAuditSubjects implements OnModuleInit {
  constructor(private readonly subjects: AuditSubjects) {}

  onModuleInit(): void {
    const fromType = (changes: Record<string, { old: unknown; new: unknown }>) => {
      const type = changes.type?.old ?? changes.type?.new;
      return typeof type === 'string' ? reportLabel(type) : null;
    };
    this.subjects.register('report', (db, ids) => reportNames(db, 'reports', ids), fromType);
    this.subjects.register('report_schedule', (db, ids) => reportNames(db, 'report_schedules', ids), fromType);
  }
}
