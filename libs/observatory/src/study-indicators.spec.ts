import { NATIONAL, type Area } from './observatory-areas.js';
import { rollUp, type Contribution } from './observatory-rollup.js';
import { STUDY_FIGURE_KEYS, STUDY_IDENTITIES, studyFigures, type StudyResponseGroup } from './study-indicators.js';

const group = (
  prism: StudyResponseGroup['prism'],
  count: number,
  answers: Partial<Omit<StudyResponseGroup, 'prism' | 'count'>> = {},
): StudyResponseGroup => ({
  prism,
  count,
  mayor: false,
  duty: null,
  innovation: null,
  dynamic: null,
  fragilities: [],
  ...answers,
});

describe('study indicators', () => {
  it('counts respondents and agreeing per prism, mayors among the public bodies, shipped options only', () => {
    const figures = studyFigures([
      group('association', 4, { duty: 'strongly_agree', fragilities: ['social', 'economic'] }),
      group('association', 2, { duty: 'agree', fragilities: ['social'] }),
      group('association', 1, { duty: 'no_opinion', fragilities: ['made_up'] }),
      // An adapted copy's option: not counted.
      group('company', 3, { duty: 'yes_please' }),
      group('company', 5, { duty: 'disagree' }),
      group('public_body', 3, { mayor: true, innovation: 'agree', dynamic: 'emerging', duty: 'agree' }),
      group('public_body', 2, { mayor: true, innovation: 'disagree', dynamic: 'established' }),
      group('public_body', 4, { innovation: 'strongly_agree', dynamic: 'not_yet' }),
      // Mayors' questions are read for public bodies only.
      group('inhabitant', 6, { mayor: true, innovation: 'agree', duty: 'strongly_disagree' }),
    ]);
    // Hand-computed: associations 4 + 2 + 1 = 7 respondents, 6 agreeing; companies 5 (the 3 with an unknown
    // option left out), none agreeing; public bodies 3, all agreeing; inhabitants 6, none agreeing.
    expect(Object.fromEntries(figures)).toEqual({
      'study_territories|total': 1,
      'study_duty_of_alliances|association:respondents': 7,
      'study_duty_of_alliances|association:agreeing': 6,
      'study_duty_of_alliances|company:respondents': 5,
      'study_duty_of_alliances|public_body:respondents': 3,
      'study_duty_of_alliances|public_body:agreeing': 3,
      'study_duty_of_alliances|inhabitant:respondents': 6,
      // The 1 who ticked only an unknown option is no respondent to the fragilities.
      'study_fragilities|association:respondents': 6,
      'study_fragilities|association:fragility:social': 6,
      'study_fragilities|association:fragility:economic': 4,
      // Public bodies 3 + 2 + 4 = 9, 3 + 4 = 7 agreeing; mayors 5, 3 agreeing.
      'study_innovation|public_body:respondents': 9,
      'study_innovation|public_body:agreeing': 7,
      'study_innovation|mayor:respondents': 5,
      'study_innovation|mayor:agreeing': 3,
      'study_dynamic|public_body:respondents': 9,
      'study_dynamic|public_body:in_dynamic': 5,
      'study_dynamic|public_body:established': 2,
      'study_dynamic|public_body:emerging': 3,
      'study_dynamic|mayor:respondents': 5,
      'study_dynamic|mayor:in_dynamic': 5,
      'study_dynamic|mayor:established': 2,
      'study_dynamic|mayor:emerging': 3,
    });
    expect(studyFigures([]).size).toBe(0);
  });

  it('states identities every territory’s figures satisfy', () => {
    const figures = studyFigures([
      group('public_body', 3, { mayor: true, innovation: 'agree', dynamic: 'emerging', fragilities: ['social'] }),
      group('public_body', 4, { innovation: 'disagree', dynamic: 'established', fragilities: ['social', 'societal'] }),
      group('company', 2, { fragilities: ['economic', 'environmental'], duty: 'agree' }),
    ]);
    for (const identity of STUDY_IDENTITIES) {
      const sum = identity.terms.reduce(
        (total, [key, coefficient]) => total + coefficient * (figures.get(key) ?? 0),
        0,
      );
      if (identity.relation === 'eq') expect(sum).toBe(identity.rhs);
      else expect(sum).toBeLessThanOrEqual(identity.rhs);
    }
  });

  it('rolls study figures up over the window and withholds small ones, zeros included where a study ran', async () => {
    const commune = (code: string): Area => ({ level: 'commune', code, name: code });
    const peer: Area = { level: 'peer_group', code: 'commune:moins-de-2k', name: 'Communes' };
    const contribution = (code: string, studies?: Map<string, number>): Contribution => ({
      chain: [commune(code), NATIONAL],
      peerGroup: peer,
      figures: new Map([['2026-01', new Map([['territories|total', 1]])]]),
      ...(studies ? { studies } : {}),
    });
    const big = new Map([
      ['study_territories|total', 1],
      ['study_duty_of_alliances|association:respondents', 12],
      ['study_duty_of_alliances|association:agreeing', 9],
    ]);
    const small = new Map([
      ['study_territories|total', 1],
      ['study_duty_of_alliances|association:respondents', 8],
      ['study_duty_of_alliances|association:agreeing', 2],
    ]);
    const result = await rollUp(
      [contribution('01001', big), contribution('01002', small), contribution('01003')],
      ['2026-01'],
      5,
    );
    const cell = (area: string, key: string) =>
      result.cells.find(
        (candidate) => candidate.area === area && candidate.key === key && candidate.period.includes('/'),
      );
    expect(result.cells.filter((candidate) => candidate.period === '2026-01/2026-01')).toHaveLength(
      STUDY_FIGURE_KEYS.length * 5,
    );
    // France: 12 + 8 = 20 respondents, 9 + 2 = 11 agreeing; two territories ran a study (never withheld).
    expect(cell('national:FR', 'study_duty_of_alliances|association:respondents')?.value).toBe(20);
    expect(cell('national:FR', 'study_territories|total')?.value).toBe(2);
    // 2 agreeing in 01002: withheld, and 01001's 9 with it (else 11 − 9 = 2).
    expect(cell('commune:01002', 'study_duty_of_alliances|association:agreeing')?.value).toBeNull();
    expect(cell('commune:01001', 'study_duty_of_alliances|association:agreeing')?.value).toBeNull();
    // A zero where a study ran is withheld like a small count; where none ran, everyone knows it is zero.
    expect(cell('commune:01001', 'study_duty_of_alliances|company:respondents')?.value).toBeNull();
    expect(cell('commune:01003', 'study_duty_of_alliances|company:respondents')?.value).toBe(0);
    expect(result.audit.unprotected).toBe(0);
  });
});
