import { STUDY_TEMPLATES } from '@maillage/contract';
import type { Runtime } from '@maillage/platform';
import { ownerQuery } from '@maillage/testing';

/** Identical study responses: their prism, what they answered to PHARE's questions, how many. */
export interface Answers {
  prism: 'association' | 'company' | 'public_body' | 'inhabitant';
  n: number;
  mayor?: boolean;
  duty?: string;
  innovation?: string;
  dynamic?: string;
  fragilities?: string[];
  /** Submitted three years ago. */
  old?: boolean;
}

/**
 * An open PHARE study in the territory with these answers, inserted directly with the owner's
 * connection (as the studies' routes would store them: anonymous responses, the day only).
 */
export async function insertStudy(runtime: Runtime, territoryId: string, answers: readonly Answers[]): Promise<void> {
  const [created] = await ownerQuery<{ id: string }>(
    runtime,
    `insert into studies (territory_id, title, template_key, status, prisms, opened_at)
     values ($1, 'Étude territoriale', 'phare', 'open', '{association,company,public_body,inhabitant}', now())
     returning id`,
    [territoryId],
  );
  await ownerQuery(
    runtime,
    `insert into study_versions (territory_id, study_id, number, questions) values ($1, $2, 1, $3::jsonb)`,
    [territoryId, created?.id, JSON.stringify(STUDY_TEMPLATES.phare.questions)],
  );
  for (const group of answers) {
    const role = group.mayor ? ['mayor'] : ['officer'];
    const given: Record<string, string[]> = {
      ...(group.prism === 'public_body' ? { respondent_role: role } : {}),
      ...(group.duty ? { duty_of_alliances: [group.duty] } : {}),
      ...(group.innovation ? { partnership_innovation: [group.innovation] } : {}),
      ...(group.dynamic ? { territory_dynamic: [group.dynamic] } : {}),
      ...(group.fragilities ? { perceived_fragilities: group.fragilities } : {}),
      willingness: ['yes'],
    };
    await ownerQuery(
      runtime,
      `with made as (
         insert into study_responses (territory_id, study_id, version_number, prism, channel, submitted_on)
         select $1, $2, 1, $3, 'invitation', (now() at time zone 'Europe/Paris')::date - $4::int
         from generate_series(1, $5) returning id)
       insert into study_answers (territory_id, response_id, study_id, question_key, option_keys)
       select $1, made.id, $2, a.key, array(select jsonb_array_elements_text(a.value))
       from made cross join jsonb_each($6::jsonb) a`,
      [territoryId, created?.id, group.prism, group.old ? 1100 : 0, group.n, JSON.stringify(given)],
    );
  }
}
