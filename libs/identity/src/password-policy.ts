import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

const COMMON_PASSWORDS = new Set<string>((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));

/**
 * Why a password is refused (in French, shown to the user), or undefined.
 * Length first (NIST SP 800-63B), then the list of the commonest passwords,
 * then the obvious derivations of the account's own e-mail.
 */
export function passwordProblem(password: string, email?: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `Le mot de passe doit contenir au moins ${PASSWORD_MIN_LENGTH} caractères.`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `Le mot de passe ne peut pas dépasser ${PASSWORD_MAX_LENGTH} caractères.`;
  }
  const lowered = password.toLowerCase();
  // "password123456", "123soleil!": a common password padded with digits or punctuation is still one.
  const core = lowered.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (COMMON_PASSWORDS.has(lowered) || COMMON_PASSWORDS.has(core) || new Set(lowered).size < 4) {
    return 'Ce mot de passe est trop courant ou trop simple : choisissez-en un autre.';
  }
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lowered.includes(local)) {
    return 'Le mot de passe ne doit pas reprendre votre adresse e-mail.';
  }
  return undefined;
}
