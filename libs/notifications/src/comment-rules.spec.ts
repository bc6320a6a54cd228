import { describe, expect, it } from '@jest/globals';
import type { RecordedEvent } from '@maillage/platform';
import { targetsOf, UNDONE_BY } from './notification-rules.js';

const TERRITORY = '00000000-0000-4000-8000-000000000001';
const lookups = { userName: async (userId: string) => (userId === 'author' ? 'Léa Martin' : 'Une personne') };

function posted(subjectType: 'alliance' | 'action' | 'priority'): RecordedEvent {
  return {
    kind: 'comment.posted',
    subject: { type: 'comment', id: 'comment-1' },
    data: {
      subjectType,
      subjectId: 'subject-1',
      title: 'Mécénat de compétences',
      excerpt: 'Bonjour @Hélène, on en parle jeudi ?',
      mentions: ['helene'],
      readers: subjectType === 'alliance' ? ['association', 'company'] : [],
    },
    territoryId: TERRITORY,
    id: '1',
    occurredAt: new Date(),
    authorUserId: 'author',
    authorActorId: 'association',
  } as RecordedEvent;
}

describe('notification rules of the discussion', () => {
  it('tells the mentioned people first (mentions), then the parties and the coordination (comments)', async () => {
    const targets = await targetsOf(posted('alliance'), lookups);
    expect(targets).toEqual([
      {
        audience: 'person',
        userIds: ['helene'],
        kind: 'mentions',
        text: 'Léa Martin vous a cité·e dans la discussion « Mécénat de compétences » : « Bonjour @Hélène, on en parle jeudi ? »',
        link: `/t/${TERRITORY}/alliances/subject-1`,
      },
      expect.objectContaining({ audience: 'organisation', actorIds: ['association', 'company'], kind: 'comments' }),
      expect.objectContaining({ audience: 'coordinator', kind: 'comments' }),
    ]);
  });

  it('tells only the coordination (besides those mentioned) about actions and priorities, linking to them', async () => {
    for (const [type, link] of [
      ['action', `/t/${TERRITORY}/actions/subject-1`],
      ['priority', `/t/${TERRITORY}/enjeux#enjeu-subject-1`],
    ] as const) {
      const targets = await targetsOf(posted(type), lookups);
      expect(targets.map((target) => [target.audience, target.kind, target.link])).toEqual([
        ['person', 'mentions', link],
        ['coordinator', 'comments', link],
      ]);
    }
  });

  it('tells nobody of a deletion, and drops an unsent mail about the deleted message', async () => {
    const deleted = { ...posted('alliance'), kind: 'comment.deleted' } as RecordedEvent;
    expect(await targetsOf(deleted, lookups)).toEqual([]);
    expect(UNDONE_BY['comment.posted']).toEqual(['comment.deleted']);
  });
});
