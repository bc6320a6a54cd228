import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, DomainError, Transactions, type AppConfig, type Db } from '@maillage/platform';
import type { StudyPrism, StudyQuestion } from '@maillage/contract';
import { hashToken, RateLimitsRepository } from '@maillage/identity';
import { checkAnswers, questionsFor } from './questionnaire.js';
import { StudiesRepository, type LinkRow } from './studies.repository.js';
import { StudyLinks } from './study-links.js';
import './study-errors.js';

export interface StudyAnswerPage {
  territoryName: string;
  title: string;
  description: string;
  prism: StudyPrism;
  questions: StudyQuestion[];
  channel: 'invitation' | 'public';
}

/** Who sends a public answer, as far as the server can tell (never stored as such). */
export interface AnswerClient {
  address: string;
  userAgent: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const unknownLink = () =>
  new DomainError('not_found', {
    code: 'invalid_study_link',
    detail: 'Ce lien de réponse n’existe pas ou n’est plus valable. Si vous avez reçu un rappel, suivez son lien.',
  });

const alreadyAnswered = () =>
  new DomainError('gone', { code: 'study_already_answered', detail: 'Vous avez déjà répondu à cette étude. Merci !' });

/** Today in Europe/Paris (AAAA-MM-JJ): the only time a response keeps. */
export function parisDay(now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * Answering a study without an account, through a personal one-time link or the public link.
 * The token names its territory; the study is found there by the token's hash. A response keeps
 * its prism, channel and day, never who sent it.
 */
@Injectable()
export class StudyAnswersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly studies: StudiesRepository,
    private readonly links: StudyLinks,
    private readonly rateLimits: RateLimitsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Work in the token's territory on the link it names, open (anything unknown is the same 404). */
  private inLink<T>(token: string, work: (db: Db, link: LinkRow, tokenHash: string) => Promise<T>): Promise<T> {
    const [territoryId, secret] = token.split('.', 2);
    if (!territoryId || !secret || !UUID.test(territoryId)) throw unknownLink();
    const tokenHash = hashToken(secret);
    return this.transactions.withTerritory(territoryId, 'study.answer', async (db) => {
      const link = await this.studies.link(db, tokenHash);
      if (!link || link.status === 'draft') throw unknownLink();
      if (link.status === 'closed') {
        throw new DomainError('gone', { code: 'study_closed', detail: 'Cette étude est close.' });
      }
      if (link.answered) throw alreadyAnswered();
      return work(db, link, tokenHash);
    });
  }

  page(token: string): Promise<StudyAnswerPage> {
    return this.inLink(token, async (_db, link) => ({
      territoryName: link.territory_name,
      title: link.title,
      description: link.description,
      prism: link.prism,
      questions: questionsFor(link.questions, link.prism),
      channel: link.invitation_id ? 'invitation' : 'public',
    }));
  }

  /**
   * Records one response in one transaction. An invitation is marked answered and its address
   * erased by a conditional update, so of two concurrent sends exactly one is kept. On the public
   * link, a browser (a keyed hash of address, user agent and study) answers once while the study
   * is open, and one address sends at most `MAILLAGE_STUDY_PUBLIC_MAX_ANSWERS_PER_HOUR` answers.
   */
  async answer(token: string, answers: Readonly<Record<string, unknown>>, client: AnswerClient): Promise<void> {
    await this.inLink(token, async (db, link, tokenHash) => {
      const values = checkAnswers(questionsFor(link.questions, link.prism), answers);
      if (link.invitation_id) {
        if (!(await this.studies.markAnswered(db, link.invitation_id, tokenHash))) throw alreadyAnswered();
      } else {
        const fingerprint = this.links.fingerprint(link.study_id, client.address, client.userAgent);
        if (!(await this.studies.guard(db, link.study_id, fingerprint))) {
          throw new DomainError('conflict', {
            code: 'study_answered_from_device',
            detail: 'Une réponse a déjà été envoyée depuis cet appareil.',
          });
        }
        await this.countPublicAnswer(db, client.address);
      }
      await this.studies.insertResponse(
        db,
        {
          studyId: link.study_id,
          versionNumber: link.current_version,
          prism: link.prism,
          channel: link.invitation_id ? 'invitation' : 'public',
          day: parisDay(new Date()),
        },
        values,
      );
    });
  }

  /** Counts a public answer from this address in the answering transaction: past the limit, a 429. */
  private async countPublicAnswer(db: Db, address: string): Promise<void> {
    if (!(await this.rateLimits.hitWithin(db, `study-answers:${address}`, this.config.studyPublicMaxAnswersPerHour))) {
      throw new DomainError('rate_limited', {
        code: 'too_many_study_answers',
        detail: 'Trop de réponses ont été envoyées depuis cette connexion : réessayez dans une heure.',
        retryAfterSeconds: 3600,
      });
    }
  }
}
