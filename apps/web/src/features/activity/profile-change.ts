/** A translation function (i18next's `t`, or the French catalogue in unit tests). */
type Translate = (key: string) => string;

/** A reviewed field of an organisation's profile as people read it: its label, not its code. */
export function profileFieldLabel(t: Translate, field: string): string {
  return t(`activity:profile.fields.${field}`);
}

/** A value of that field as the directory shows it: labels for categories, sizes and yes/no, « — » for none. */
export function profileFieldValue(t: Translate, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field === 'category') return t(`domain:category.${String(value)}`);
  if (field === 'sizeClass') return t(`domain:sizeClass.${String(value)}`);
  if (typeof value === 'boolean') return t(value ? 'directory:actor.yes' : 'directory:actor.no');
  return String(value);
}
