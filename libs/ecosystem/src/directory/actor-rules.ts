import { Injectable } from '@nestjs/common';
import { DomainError, type FieldProblem } from '@maillage/platform';
import { GeographyService } from '@maillage/territories';
import type { ActorInput, CheckedActor } from './actor.model.js';
import { nafLabel, normaliseNaf, rnaValid, sirenValid, siretValid } from './identifiers.js';
import { todayInFrance } from '../french-days.js';

/** An actor's fields once checked and normalised, ready to store. */
export type { CheckedActor } from './actor.model.js';

/**
 * The rules an actor's fields obey together (DOMAIN.md): identifiers with
 * their check keys, the SIRET inside its SIREN, flags that only fit some
 * categories, NAF and commune codes from the official lists.
 */
@Injectable()
export class ActorRules {
  constructor(private readonly geography: GeographyService) {}

  /** Field problems, in French; empty when the actor is valid. */
  problems(actor: CheckedActor): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const add = (field: string, message: string) => problems.push({ field, message });
    // A name of spaces only is empty once trimmed (the DTO's length rule counts the spaces).
    if (actor.name.trim() === '') add('name', 'Ce champ ne doit pas être vide.');
    if (actor.siren && !sirenValid(actor.siren))
      add('siren', 'SIREN invalide (9 chiffres, clé de contrôle incorrecte).');
    if (actor.siret && !siretValid(actor.siret))
      add('siret', 'SIRET invalide (14 chiffres, clé de contrôle incorrecte).');
    if (actor.siren && actor.siret && !actor.siret.startsWith(actor.siren)) {
      add('siret', 'Les 9 premiers chiffres du SIRET doivent être le SIREN.');
    }
    if (actor.rna && !rnaValid(actor.rna)) add('rna', 'Numéro RNA invalide (W suivi de 9 chiffres).');
    if (actor.rna && actor.category !== 'association') add('rna', 'Seules les associations ont un numéro RNA.');
    if (actor.nafCode && !nafLabel(actor.nafCode)) add('nafCode', 'Code NAF inconnu de la nomenclature NAF rév. 2.');
    if (actor.communeCode && !this.geography.commune(actor.communeCode))
      add('communeCode', 'Code commune INSEE inconnu.');
    if (actor.employer !== null && actor.category !== 'association') {
      add('employer', 'Le caractère employeur ne concerne que les associations.');
    }
    if (actor.sizeClass !== null && actor.category !== 'company') {
      add('sizeClass', 'La taille ne concerne que les entreprises.');
    }
    if ((actor.latitude === null) !== (actor.longitude === null)) {
      add('latitude', 'Indiquez la latitude et la longitude ensemble.');
    }
    if (actor.foundedOn && actor.foundedOn > todayInFrance()) {
      add('foundedOn', 'La date de création ne peut pas être dans le futur.');
    }
    return problems;
  }

  /** Normalises and checks; a problem is a 400 listing every field at fault. */
  check(input: ActorInput): CheckedActor {
    const actor = this.normalise(input);
    const problems = this.problems(actor);
    if (problems.length > 0) {
      throw new DomainError('invalid', {
        code: 'invalid_actor',
        detail: 'Certaines informations de l’acteur sont invalides.',
        errors: problems,
      });
    }
    return actor;
  }

  /** Trims, normalises codes and spelling; checks nothing. */
  normalise(input: ActorInput): CheckedActor {
    const actor: CheckedActor = {
      category: input.category,
      name: input.name.trim(),
      employer: input.employer ?? null,
      sizeClass: input.sizeClass ?? null,
      siren: input.siren?.replace(/\s/g, '') || null,
      siret: input.siret?.replace(/\s/g, '') || null,
      rna: input.rna?.trim().toUpperCase() || null,
      nafCode: input.nafCode ? normaliseNaf(input.nafCode) : null,
      communeCode: input.communeCode?.trim() || null,
      address: input.address?.trim() || null,
      latitude: input.latitude ?? null,
      longitude: input.longitude ?? null,
      website: input.website?.trim() || null,
      foundedOn: input.foundedOn || null,
      fragilities: [...new Set(input.fragilities ?? [])].sort(),
      priorityIds: [...new Set(input.priorityIds ?? [])],
      tags: [...new Set((input.tags ?? []).map((tag) => tag.trim().toLowerCase()).filter(Boolean))].sort(),
      description: input.description?.trim() ?? '',
    };
    // A SIRET alone gives its SIREN.
    if (actor.siret && !actor.siren && siretValid(actor.siret)) actor.siren = actor.siret.slice(0, 9);
    return actor;
  }
}
